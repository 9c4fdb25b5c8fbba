// What `help` says about the page's shell before the docker CLI's own help.

export const shellHelp = [
  "This terminal runs the docker CLI against an engine in your browser tab, and a small shell over",
  "your files (the workspace, kept in this browser):",
  "  docker run --rm busybox echo hello   ·   docker run -it busybox sh   ·   docker ps -a",
  "  ls [-l -a]  cd  pwd  cat  mkdir [-p]  rm [-r -f]  cp [-r]  mv  echo  touch",
  "  cat > Dockerfile <<'EOF' … EOF   ·   echo text > file   ·   docker load < image.tar",
  "  edit FILE (an editor panel)   ·   download FILE   ·   Upload buttons or drop files on the page",
  "Other words: help, clear. Line editing: arrows, Home/End, history with up/down, Ctrl-C.",
  "",
].join("\n");
