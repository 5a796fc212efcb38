import { describe, expect, it } from "vitest";
import { shortcodeTable } from "../../../src/engine/references/hugo.js";
import {
  findReferences,
  loadReaders,
  type SyntaxName,
} from "../../../src/engine/references/index.js";
import { liquidLookup } from "../../../src/engine/references/liquid.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

const SHORTCODES = shortcodeTable(["figure", "gallery:image", "img:0"]);

function read(file: string, text: string, syntaxes: SyntaxName[]) {
  const notes: unknown[] = [];
  const references = findReferences(file, Buffer.from(text), {
    syntaxes,
    shortcodes: SHORTCODES,
    onNote: (note) => notes.push(note),
  });
  return { references, notes };
}

/** `[line, kind, raw, lookup path or destination]` per reference. */
function rows(file: string, text: string, syntaxes: SyntaxName[]) {
  return read(file, text, syntaxes).references.map((r) => [
    r.line,
    r.kind,
    r.raw,
    r.lookup ? `${r.lookup.path}${r.lookup.suffix}` : r.destination,
  ]);
}

describe("Obsidian embeds", () => {
  const note = [
    "![[pic.png]] and ![[dir/pic.png|300]] and ![[pic.png|300x200]]",
    "![[icons.svg#icon]] ![[Pasted image 20241102145208.png]] ![[pic.png|A caption]]",
    "`![[code.png]]`",
    "",
    "```",
    "![[fenced.png]]",
    "```",
    "",
    "<!-- ![[comment.png]] -->",
    "",
    "    ![[indented.png]]",
    "",
    "![[Other note]] ![[Note#Heading]]",
  ].join("\n");

  it("finds each embed in rendered text, whole, with its name and fragment", () => {
    expect(rows("vault/note.md", note, ["obsidian-embed"])).toEqual([
      [1, "embed", "![[pic.png]]", "pic.png"],
      [1, "embed", "![[dir/pic.png|300]]", "dir/pic.png"],
      [1, "embed", "![[pic.png|300x200]]", "pic.png"],
      [2, "embed", "![[icons.svg#icon]]", "icons.svg#icon"],
      [2, "embed", "![[Pasted image 20241102145208.png]]", "Pasted image 20241102145208.png"],
      [2, "embed", "![[pic.png|A caption]]", "pic.png"],
      [13, "embed", "![[Other note]]", "Other note"],
      [13, "embed", "![[Note#Heading]]", "Note#Heading"],
    ]);
  });

  it("replaces an embed with a Markdown image that keeps size, caption and fragment", () => {
    const wraps = read("vault/note.md", note, ["obsidian-embed"]).references.map((r) => r.wrap);
    expect(wraps.slice(0, 6)).toEqual([
      ["![pic](", ")"],
      ["![pic|300](", ")"],
      ["![pic|300x200](", ")"],
      ["![icons](", ")"],
      ["![Pasted image 20241102145208](", ")"],
      ["![A caption](", ")"],
    ]);
  });

  it("is not read where the generator does not render it", () => {
    expect(rows("docs/note.md", note, [])).toEqual([]);
  });
});

describe("Hugo shortcodes", () => {
  const post = [
    "+++",
    'title = "A"',
    'images = ["cover.png"]',
    "[cover]",
    "image = 'hero.png'",
    "+++",
    '{{< figure src="a.png" title="A" >}}',
    "{{< figure src='b.png' >}} {{% figure src=`c.png` %}} {{< figure src=d.png >}}",
    '{{< figure class="x"',
    '    src="multi line.png" >}}',
    '{{< gallery image="g.png" >}} {{< img "positional.png" >}}',
    '{{< figure src="https://example.com/r.png" >}} {{< figure src="{{ .Params.x }}" >}}',
    '{{</* figure src="escaped.png" */>}}',
    '`{{< figure src="code.png" >}}`',
  ].join("\n");

  it("finds the configured parameters in any quoting, and TOML front matter", () => {
    expect(rows("content/posts/a/index.md", post, ["hugo-shortcode"])).toEqual([
      [3, "front-matter", "cover.png", "cover.png"],
      [5, "front-matter", "hero.png", "hero.png"],
      [7, "shortcode", "a.png", "a.png"],
      [8, "shortcode", "b.png", "b.png"],
      [8, "shortcode", "c.png", "c.png"],
      [8, "shortcode", "d.png", "d.png"],
      [10, "shortcode", "multi line.png", "multi line.png"],
      [11, "shortcode", "g.png", "g.png"],
      [11, "shortcode", "positional.png", "positional.png"],
      [12, "shortcode", "https://example.com/r.png", "https://example.com/r.png"],
      [12, "shortcode", "{{ .Params.x }}", "{{ .Params.x }}"],
    ]);
  });

  it("finds shortcodes inside HTML blocks, which Hugo expands first, but not in comments", () => {
    const text = [
      '<div class="row">',
      '{{< figure src="in-div.png" >}}',
      '<!-- {{< figure src="commented.png" >}} -->',
      "</div>",
    ].join("\n");
    expect(rows("content/a.md", text, ["hugo-shortcode"])).toEqual([
      [2, "shortcode", "in-div.png", "in-div.png"],
    ]);
    expect(rows("vault/a.md", "<div>\n![[pic.png]]\n</div>", ["obsidian-embed"])).toEqual([]);
  });

  it("reads TOML front matter with CRLF line ends and a BOM at the right bytes", () => {
    const text = '\uFEFF+++\r\ntitle = "é"\r\nimage = "img/a.png"\r\n+++\r\nBody\r\n';
    const [reference] = read("post.md", text, []).references;
    expect(reference?.raw).toBe("img/a.png");
    expect(Buffer.from(text).subarray(reference?.start, reference?.end).toString()).toBe(
      "img/a.png",
    );
  });

  it("reads JSON front matter", () => {
    const text = '{\n  "title": "x",\n  "cover": {"image": "c.png"}\n}\n\nBody\n';
    expect(rows("post.md", text, [])).toEqual([[3, "front-matter", "c.png", "c.png"]]);
  });
});

describe("Jekyll and Eleventy templates", () => {
  const post = [
    "---",
    'image: "{{ site.baseurl }}/assets/fm.png"',
    "header:",
    "  teaser: /assets/teaser.png",
    "---",
    "![a]({{ site.baseurl }}/assets/a.png)",
    "![b]({{ site.url }}{{ site.baseurl }}/assets/b.png?v=2)",
    "![c]({{ \"/assets/c.png\" | relative_url }}) ![d]({{ '/d.png' | absolute_url }})",
    '![e]({{ "/e.png" | url }}) ![f]({% link assets/f.png %})',
    '<img src="{{ site.baseurl }}/assets/g.png" alt="g">',
    "![h]({{ page.image }})",
    '{% image "src/i.png", "alt" %}',
    "`![code]({{ site.baseurl }}/code.png)`",
  ].join("\n");

  it("takes the whole templated value, looked up as the site path it names", () => {
    expect(rows("_posts/2024-01-01-a.md", post, ["liquid", "eleventy-image"])).toEqual([
      [2, "front-matter", "{{ site.baseurl }}/assets/fm.png", "/assets/fm.png"],
      [4, "front-matter", "/assets/teaser.png", "/assets/teaser.png"],
      [6, "markdown-image", "{{ site.baseurl }}/assets/a.png", "/assets/a.png"],
      [
        7,
        "markdown-image",
        "{{ site.url }}{{ site.baseurl }}/assets/b.png?v=2",
        "/assets/b.png?v=2",
      ],
      [8, "markdown-image", '{{ "/assets/c.png" | relative_url }}', "/assets/c.png"],
      [8, "markdown-image", "{{ '/d.png' | absolute_url }}", "/d.png"],
      [9, "markdown-image", '{{ "/e.png" | url }}', "/e.png"],
      [9, "markdown-image", "{% link assets/f.png %}", "/assets/f.png"],
      [10, "html-src", "{{ site.baseurl }}/assets/g.png", "/assets/g.png"],
      [11, "markdown-image", "{{ page.image }}", "{{ page.image }}"],
    ]);
  });

  it("counts Eleventy Image shortcodes as left to that pipeline", () => {
    const { notes } = read("posts/a.md", post, ["liquid", "eleventy-image"]);
    expect(notes).toEqual([
      {
        kind: "left",
        reason: "named by Eleventy Image's {% image %} shortcode, left to that pipeline",
        line: 12,
        destination: "src/i.png",
      },
    ]);
  });

  it("evaluates only the expressions that make a site URL", () => {
    expect(liquidLookup("{{site.baseurl}}/a.png")).toBe("/a.png");
    expect(liquidLookup("{{ '/a.png' | prepend: site.baseurl }}")).toBe("/a.png");
    expect(liquidLookup('{{ "a.png" | relative_url }}')).toBe("/a.png");
    expect(liquidLookup("{{ site.data.cdn }}/a.png")).toBeUndefined();
    expect(liquidLookup('{{ "/a.png" | upcase }}')).toBeUndefined();
    expect(liquidLookup('{{ "https://x.com/a.png" | url }}')).toBeUndefined();
    expect(liquidLookup("/plain.png")).toBeUndefined();
  });
});

describe("Jekyll includes", () => {
  it("reads the parameters `shortcodes` names, in any quoting, and nothing templated", () => {
    const text = [
      '{% include figure image_path="/assets/images/a.png" alt="A" caption="The A." %}',
      "{% include figure image_path='/assets/b.png' %} {% include image.html url=/c.png %}",
      '{% include figure image_path="{{ page.x }}" %} {% include toc %}',
      '`{% include figure image_path="/code.png" %}`',
    ].join("\n");
    const found = findReferences("_posts/a.md", Buffer.from(text), {
      syntaxes: ["liquid", "jekyll-include"],
      shortcodes: shortcodeTable(["figure:image_path", "image:url"]),
    });
    expect(found.map((r) => [r.line, r.kind, r.raw])).toEqual([
      [1, "shortcode", "/assets/images/a.png"],
      [2, "shortcode", "/assets/b.png"],
      [2, "shortcode", "/c.png"],
    ]);
  });
});

describe("Hexo tags", () => {
  const post = [
    "{% asset_img pic.png A title %}",
    '{% asset_img wide.png 800 600 "Wide one" %}',
    "{% asset_path pic.png %} {% img /images/x.png 200 %} {% img left /images/y.png %}",
    "```",
    "{% asset_img fenced.png %}",
    "```",
  ].join("\n");

  it("finds asset tags against the post's asset folder, img against the site", () => {
    const { references } = read("source/_posts/hello.md", post, ["hexo-tag"]);
    expect(
      references.map((r) => [r.line, r.kind, r.raw, r.lookup?.path ?? r.destination, r.wrap]),
    ).toEqual([
      [1, "embed", "{% asset_img pic.png A title %}", "hello/pic.png", ["![A title](", ")"]],
      [
        2,
        "embed",
        '{% asset_img wide.png 800 600 "Wide one" %}',
        "hello/wide.png",
        ["![Wide one](", ")"],
      ],
      [3, "tag-argument", "pic.png", "hello/pic.png", undefined],
      [3, "tag-argument", "/images/x.png", "/images/x.png", undefined],
      [3, "tag-argument", "/images/y.png", "/images/y.png", undefined],
    ]);
  });
});

describe("DocFX images", () => {
  it("finds source and lightbox values of :::image::: in content and complex forms", () => {
    const text = [
      ':::image type="content" source="media/a.png" alt-text="A" lightbox="media/a-big.png":::',
      "",
      ':::image type="complex" source="media/b.png" alt-text="B":::',
      "Long description.",
      ":::image-end:::",
      "",
      "```md",
      ':::image type="content" source="media/code.png" alt-text="C":::',
      "```",
    ].join("\n");
    expect(rows("docs/a.md", text, ["docfx-image"])).toEqual([
      [1, "docfx", "media/a.png", "media/a.png"],
      [1, "docfx", "media/a-big.png", "media/a-big.png"],
      [3, "docfx", "media/b.png", "media/b.png"],
    ]);
  });
});

describe("front-matter key paths", () => {
  it("walks nested maps and lists in YAML, keeping quotes, block and flow styles", () => {
    const text = [
      "---",
      "cover:",
      '  image: "c.png"',
      "images: [a.png, 'b.png']",
      "header:",
      "  overlay_image: h.png",
      "  teaser: >-",
      "    folded.png",
      "image:",
      "  path: /p.png",
      "---",
    ].join("\n");
    expect(rows("post.md", text, [])).toEqual([
      [3, "front-matter", "c.png", "c.png"],
      [4, "front-matter", "a.png", "a.png"],
      [4, "front-matter", "b.png", "b.png"],
      [6, "front-matter", "h.png", "h.png"],
      [10, "front-matter", "/p.png", "/p.png"],
    ]);
  });

  it("reads front matter that Jekyll accepts and a strict parser refuses, byte-exactly", () => {
    const text = [
      "---",
      'title: "A title that goes on',
      'and on at column 0"',
      "categories: x",
      "image: /assets/a.png",
      "---",
    ].join("\n");
    const [reference] = read("post.md", text, []).references;
    expect([reference?.line, reference?.raw]).toEqual([5, "/assets/a.png"]);
    expect(Buffer.from(text).subarray(reference?.start, reference?.end).toString()).toBe(
      "/assets/a.png",
    );
  });
});
