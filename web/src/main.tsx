import { render } from 'preact';

function App() {
  return <main><h1>customer-voice</h1></main>;
}

render(<App />, document.getElementById('app')!);
