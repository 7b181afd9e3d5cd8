import type { Dependency, DependencyChange, ServiceChanges } from './types.js';

export interface ServicesMarkdownOptions {
  language?: 'en' | 'es';
  /** Rows per table before "… and N more" (the check-run summary has a size limit). */
  maxRows?: number;
}

const TEXT = {
  en: {
    heading: '### Services',
    table: '| Service | Kind | Changed files | Roles | Routes | Dependencies |',
    added: '**New dependencies**',
    removed: '**Removed dependencies**',
    newServices: 'New services',
    removedServices: 'Removed services',
    more: (n: number) => `… and ${n} more`,
    none: 'No dependency between services or to infrastructure changes.',
  },
  es: {
    heading: '### Servicios',
    table: '| Servicio | Tipo | Archivos cambiados | Roles | Rutas | Dependencias |',
    added: '**Dependencias nuevas**',
    removed: '**Dependencias eliminadas**',
    newServices: 'Servicios nuevos',
    removedServices: 'Servicios eliminados',
    more: (n: number) => `… y ${n} más`,
    none: 'Ninguna dependencia entre servicios ni con la infraestructura cambia.',
  },
} as const;

/** `http → inventory (env:INVENTORY_URL)`, `produce kafka orders.created`, `database postgres (env:DATABASE_URL)`. */
export function describeDependency(dependency: Dependency): string {
  const what =
    dependency.kind === 'messaging' ? `${dependency.direction} ${dependency.system} \`${dependency.target}\``
    : dependency.kind === 'http' || dependency.kind === 'grpc' ? `${dependency.kind} \`${dependency.target}\``
    : `${dependency.kind} ${dependency.system}${dependency.target !== dependency.system ? ` \`${dependency.target}\`` : ''}`;
  const to = `${dependency.service ? ` → service **${escape(dependency.service)}**` : ''}${dependency.via ? ` (through library **${escape(dependency.via)}**)` : ''}`;
  const pooling = dependency.clients?.some((client) => !client.pooled || client.scope === 'function') ? ' (connection per call)' : '';
  return `${what}${to}${pooling}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function changeLine(change: DependencyChange): string {
  const site = change.dependency.sites[0];
  return `- **${escape(change.service)}**: ${describeDependency(change.dependency)}${site ? ` — \`${site.file}:${site.line}\`` : ''}`;
}

/** A short Markdown section for the check-run summary: touched services and dependency changes. */
export function renderServicesMarkdown(changes: ServiceChanges, options: ServicesMarkdownOptions = {}): string {
  const text = TEXT[options.language ?? 'en'];
  const maxRows = options.maxRows ?? 20;
  if (changes.touched.length === 0 && changes.addedDependencies.length === 0 && changes.removedDependencies.length === 0) return '';
  const lines: string[] = [text.heading, '', text.table, '| --- | --- | ---: | --- | ---: | ---: |'];
  for (const service of changes.touched.slice(0, maxRows)) {
    const files = changes.files.filter((file) => file.service === service.name);
    const roles = [...new Set(files.flatMap((file) => file.roles))].join(', ');
    lines.push(`| ${escape(service.name)} | ${service.kind} | ${files.length} | ${roles || '—'} | ${service.routes.length} | ${service.dependencies.length} |`);
  }
  if (changes.touched.length > maxRows) lines.push(`| ${text.more(changes.touched.length - maxRows)} | | | | | |`);
  if (changes.addedServices.length > 0) lines.push('', `${text.newServices}: ${changes.addedServices.map((name) => `**${escape(name)}**`).join(', ')}`);
  if (changes.removedServices.length > 0) lines.push('', `${text.removedServices}: ${changes.removedServices.map((name) => `**${escape(name)}**`).join(', ')}`);
  const list = (title: string, entries: readonly DependencyChange[]): void => {
    if (entries.length === 0) return;
    lines.push('', title, '');
    for (const change of entries.slice(0, maxRows)) lines.push(changeLine(change));
    if (entries.length > maxRows) lines.push(`- ${text.more(entries.length - maxRows)}`);
  };
  list(text.added, changes.addedDependencies);
  list(text.removed, changes.removedDependencies);
  if (changes.addedDependencies.length === 0 && changes.removedDependencies.length === 0) lines.push('', text.none);
  return lines.join('\n');
}
