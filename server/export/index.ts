export { renderDocx } from './docx';
export { renderJson } from './json';
export { renderMarkdown } from './markdown';
export { minutesFromXmlFragment } from './minutes';
export * from './labels';
