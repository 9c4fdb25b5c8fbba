// A rough, human description of a duration, with the thresholds of Docker's units.HumanDuration
// (as in "Up 5 minutes" or "3 hours ago").

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / second);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;

  const minutes = Math.trunc(milliseconds / minute);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;

  const hours = Math.trunc(milliseconds / hour + 0.5);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(milliseconds / hour / 24 / 365)} years`;
}
