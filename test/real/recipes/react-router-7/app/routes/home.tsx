export function meta() {
  return [{ title: "React Router app" }];
}

export default function Home() {
  return <h1>Hello from React Router</h1>;
}
