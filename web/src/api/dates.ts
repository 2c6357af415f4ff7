// Today as YYYY-MM-DD in the user's own time zone (toISOString would give UTC's date, a day
// behind in Moscow after midnight).
export function localToday(): string {
  const now = new Date();
  const pad = (number: number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
