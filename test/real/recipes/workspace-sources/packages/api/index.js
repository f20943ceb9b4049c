const express = require('express');
const { greeting } = require('shared');

const app = express();
const port = Number(process.env.PORT || 3000);

app.get('/', (_req, res) => res.send(greeting('monorepo')));

app.listen(port, () => console.log(`api listening on ${port}`));
