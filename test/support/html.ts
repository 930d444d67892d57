const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

/** Text as a browser shows it: the entities an HTML escaper writes, decoded (tags left as they are). */
export function decodeEntities(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name]);
}
