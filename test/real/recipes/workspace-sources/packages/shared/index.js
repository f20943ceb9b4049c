exports.greeting = (name) => `Hello, ${name}, from a workspace package`;
