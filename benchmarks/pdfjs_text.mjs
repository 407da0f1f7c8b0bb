// Page texts of a PDF as pdf.js (Firefox's viewer) gives them to find and copy: JSON on stdout.
//
//     node benchmarks/pdfjs_text.mjs FILE.pdf
//
// Each page's text is its text items' strings joined, with "\n" after an item that ends a
// line (hasEOL), as Firefox's find controller builds it. getTextContent() normalises
// compatibility characters (ligatures, presentation forms) as Firefox's find and copy do.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

// pdf.js prints its warnings with console.log (e.g. that @napi-rs/canvas, needed only to render,
// is not installed): send them to stderr, keeping stdout for the JSON.
console.log = console.error;
const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");

const fonts = fileURLToPath(new URL("./node_modules/pdfjs-dist/standard_fonts/", import.meta.url));

const data = new Uint8Array(await readFile(process.argv[2]));
// verbosity 0: errors only, so that warnings do not mix with the JSON on stdout.
const pdf = await getDocument({
  data,
  verbosity: 0,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  standardFontDataUrl: fonts,
}).promise;
const pages = [];
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  page.cleanup();
}
await pdf.destroy();
process.stdout.write(JSON.stringify(pages) + "\n");
