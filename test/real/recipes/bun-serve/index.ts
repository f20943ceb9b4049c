const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  fetch() {
    return new Response("Hello from Bun");
  },
});

console.log(`Listening on ${server.url}`);
