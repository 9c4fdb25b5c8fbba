// Docker-style generated names: "<adjective>_<noun>".

const adjectives = [
  "agile", "bold", "brave", "calm", "clever", "eager", "gentle", "happy", "keen", "lucid",
  "merry", "nimble", "patient", "quiet", "sharp", "steady", "sunny", "swift", "tender", "witty",
];

const nouns = [
  "anchor", "beacon", "canoe", "ferry", "harbor", "jetty", "keel", "lantern", "mast", "mooring",
  "pier", "quay", "rudder", "sail", "schooner", "skiff", "tide", "wharf", "yacht", "buoy",
];

export function generateContainerName(isTaken: (name: string) => boolean, random: () => number = Math.random): string {
  const pick = (words: string[]) => words[Math.floor(random() * words.length)];
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = `${pick(adjectives)}_${pick(nouns)}`;
    if (!isTaken(name)) return name;
  }
  for (let suffix = 2; ; suffix++) {
    const name = `${pick(adjectives)}_${pick(nouns)}${suffix}`;
    if (!isTaken(name)) return name;
  }
}

export function isValidContainerName(name: string): boolean {
  return /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name);
}
