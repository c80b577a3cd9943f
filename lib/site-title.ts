// What every page's title ends with (the root layout's title template: "<page> · Apparatus"); the reader
// puts a document's new title before it when an admin renames the document under an open page.
export const SITE_NAME = "Apparatus";
export const TITLE_END = ` · ${SITE_NAME}`;
