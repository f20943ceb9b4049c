import express from 'express';

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/', (_req, res) => {
  res.json({ hello: 'typescript' });
});

app.listen(port, () => console.log(`listening on ${port}`));
