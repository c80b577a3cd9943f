// W3C Web Annotation data that Apparatus did not write, as a desk moving here would bring it: a page of
// Hypothesis annotations converted to the W3C model (TextQuoteSelector + TextPositionSelector, tags as
// bodies with purpose tagging, the page's `uri` as source, creators as acct: IRIs) and Recogito-style
// annotations (commenting, tagging and classifying bodies, creators on the bodies, no dates), with what
// another tool may write that Apparatus has no place for: several targets, XPath/CSS/Range/Fragment
// selectors, a target that is a plain IRI, image and semantic-tag bodies, a class of its own vocabulary.
// `source` is the document's IRI here; `quotes` are passages of its text.

const CONTEXT = "http://www.w3.org/ns/anno.jsonld";

export function hypothesisPage(source: string, tag: string, quotes: { exact: string; start: number; end: number }) {
  return {
    "@context": CONTEXT,
    id: `https://hypothes.is/api/search?group=desk-${tag}`,
    type: "AnnotationPage",
    items: [
      {
        "@context": CONTEXT,
        id: `https://hypothes.is/a/hyp1-${tag}`,
        type: "Annotation",
        motivation: "commenting",
        created: "2024-03-01T10:00:00.000000+00:00",
        modified: "2024-03-02T11:30:00.000000+00:00",
        creator: `acct:rosa-${tag}@hypothes.is`,
        document: { title: ["Reposted chat"] },
        body: [
          { type: "TextualBody", value: "Which vote? **No minutes** were published.", format: "text/markdown", purpose: "commenting" },
          { type: "TextualBody", value: "contested", purpose: "classifying" },
          { type: "TextualBody", value: "vote", purpose: "tagging" },
          { type: "TextualBody", value: "needs-source", purpose: "tagging" },
        ],
        target: [
          {
            source,
            selector: [
              { type: "RangeSelector", startSelector: { type: "XPathSelector", value: "/p[1]" }, endSelector: { type: "XPathSelector", value: "/p[1]" } },
              { type: "TextPositionSelector", start: quotes.start, end: quotes.end },
              { type: "TextQuoteSelector", exact: quotes.exact },
            ],
          },
          "https://example.com/mirror-of-the-chat",
        ],
      },
      {
        // as Hypothesis has it: a comment and tags, no class
        "@context": CONTEXT,
        id: `https://hypothes.is/a/hyp2-${tag}`,
        type: "Annotation",
        motivation: "commenting",
        created: "2024-03-01T10:05:00.000000+00:00",
        creator: `acct:victor-${tag}@hypothes.is`,
        body: [{ type: "TextualBody", value: "Check this", purpose: "commenting" }, { type: "TextualBody", value: "todo", purpose: "tagging" }],
        target: { source, selector: [{ type: "TextQuoteSelector", exact: quotes.exact }] },
      },
    ],
  };
}

export function recogitoAnnotations(source: string, tag: string, quote: string) {
  const classified = (value: string) => ({ type: "TextualBody", value, purpose: "classifying" });
  return [
    {
      "@context": CONTEXT,
      id: `#rec1-${tag}`,
      type: "Annotation",
      body: [
        { type: "TextualBody", value: "A personal view", purpose: "commenting", creator: { id: "https://recogito.example/u/ed", name: "Ed" } },
        { type: "TextualBody", value: "chat", purpose: "tagging" },
        { type: "SpecificResource", source: "http://vocab.getty.edu/aat/300026877", purpose: "tagging" },
        { id: "https://example.org/screenshot.png", type: "Image", format: "image/png" },
        { type: "TextualBody", value: "Rewrite as a question", purpose: "editing" },
        classified("opinion"),
      ],
      target: { source, selector: [{ type: "TextQuoteSelector", exact: quote }] },
    },
    { "@context": CONTEXT, id: `#rec2-${tag}`, type: "Annotation", body: [classified("Place")], target: { source, selector: { type: "TextQuoteSelector", exact: quote } } },
    { "@context": CONTEXT, id: `#rec3-${tag}`, type: "Annotation", body: [classified("sourced")], target: { source, selector: [{ type: "XPathSelector", value: "/html/body/p[2]" }, { type: "CssSelector", value: "p.vote" }] } },
    { "@context": CONTEXT, id: `#rec4-${tag}`, type: "Annotation", body: [classified("sourced")], target: source },
    { "@context": CONTEXT, id: `#rec5-${tag}`, type: "Annotation", body: [classified("sourced")], target: { source, selector: { type: "FragmentSelector", conformsTo: "http://tools.ietf.org/rfc/rfc3236", value: "para2" } } },
    { "@context": CONTEXT, id: `#rec6-${tag}`, type: "Annotation", created: "last week", body: [classified("sourced")], target: { source: `https://example.com/no-such-page-${tag}`, selector: { type: "TextQuoteSelector", exact: quote } } },
    { "@context": CONTEXT, id: `#rep1-${tag}`, type: "Annotation", motivation: "replying", body: { type: "TextualBody", value: "Agreed" }, target: `#rec1-${tag}` },
  ];
}
