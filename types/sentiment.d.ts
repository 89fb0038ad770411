// The `sentiment` package ships no types for its language modules.
declare module 'sentiment/languages/en/index.js' {
  const language: { labels: Record<string, number>; scoringStrategy: unknown };
  export default language;
}
