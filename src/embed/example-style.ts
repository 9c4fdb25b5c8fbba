// The look of a <docker-run> example, inside its shadow root so the host page's styles and its own
// stay apart. Authors can restyle its parts with ::part(commands|run|output|status).

export const exampleStyle = `
:host { display: block; margin: 1em 0; font: 14px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
.example { background: #0f1720; color: #d8dee9; border-radius: 6px; padding: 0.5em 0.75em; }
.commands { display: block; box-sizing: border-box; width: 100%; margin: 0; padding: 0.25em 0; background: transparent;
  color: #a3e3a3; border: 0; font: inherit; white-space: pre-wrap; resize: vertical; }
textarea.commands { border: 1px solid #2c3a48; border-radius: 4px; padding: 0.25em 0.4em; }
.bar { display: flex; align-items: center; gap: 0.75em; margin: 0.35em 0; }
.run { font: inherit; padding: 0.15em 0.9em; border-radius: 4px; border: 1px solid #4c8bf5; background: #1d3557; color: #fff; cursor: pointer; }
.run:focus-visible, .output:focus-visible, textarea.commands:focus-visible { outline: 2px solid #ffbf47; outline-offset: 2px; }
.status { margin: 0; color: #9fb3c8; }
.output { margin: 0; overflow: auto; white-space: pre-wrap; word-break: break-all; border-top: 1px solid #2c3a48; padding-top: 0.35em; }
`;
