// crun's errors in runc's words, as Docker's daemon passes them on: clients read them (the docker CLI
// exits 127 for "executable file not found" and "no such file or directory", 126 for "permission
// denied", matching case), so a command that is missing fails here as it does under Docker.

export function runcWording(crunMessage: string): string {
  const notFound = /executable file `(.+?)` not found in \$PATH(?:: No such file or directory)?/.exec(crunMessage);
  if (notFound) {
    const command = notFound[1]!;
    const runc = command.includes("/") ? `exec: "${command}": stat ${command}: no such file or directory` : `exec: "${command}": executable file not found in $PATH`;
    return crunMessage.replace(notFound[0], runc);
  }
  return crunMessage.replace(/No such file or directory|Permission denied|Is a directory/g, (words) => words.toLowerCase());
}
