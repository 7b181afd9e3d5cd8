import type { Config } from '../../core/config/schema.js';
import { DENIED_REPLY_MARKER } from '../../core/render/review-comments.js';

/** What the app answers to comment commands, in the configured language. Pure. */

const TEXT = {
  en: {
    helpTitle: '### Backend Expert commands',
    commands: (p: string) => [
      `- \`${p} review\` — review the pull request's current head now, in full.`,
      `- \`${p} pause\` — stop automatic reviews on this pull request (adds the \`backend-expert:paused\` label).`,
      `- \`${p} resume\` — restart automatic reviews (removes the label).`,
      `- \`${p} help\` — this message.`,
    ],
    who: 'Commands count at the start of a line, outside quotes and code blocks, from people with write access.',
    unknown: (p: string, word: string) => `\`${p} ${word}\` is not a command I know.`,
    configTitle: '**Current configuration** (default branch):',
    paused: 'Automatic reviews are **paused** on this pull request.',
    denied: (user: string, p: string) =>
      `Thanks, @${user}! Only people with write access to this repository can ask Backend Expert for reviews; a maintainer can comment \`${p} review\`. (I answer this once per pull request.)`,
    cooldown: (seconds: number) => `A review of this pull request started moments ago; ask again in ${seconds} s.`,
  },
  es: {
    helpTitle: '### Comandos de Backend Expert',
    commands: (p: string) => [
      `- \`${p} review\` — revisa ahora la cabeza actual del pull request, completa.`,
      `- \`${p} pause\` — detiene las revisiones automáticas en este pull request (añade la etiqueta \`backend-expert:paused\`).`,
      `- \`${p} resume\` — reanuda las revisiones automáticas (quita la etiqueta).`,
      `- \`${p} help\` — este mensaje.`,
    ],
    who: 'Los comandos cuentan al inicio de una línea, fuera de citas y bloques de código, de personas con permiso de escritura.',
    unknown: (p: string, word: string) => `\`${p} ${word}\` no es un comando que conozca.`,
    configTitle: '**Configuración actual** (rama por defecto):',
    paused: 'Las revisiones automáticas están **en pausa** en este pull request.',
    denied: (user: string, p: string) =>
      `¡Gracias, @${user}! Solo las personas con permiso de escritura en este repositorio pueden pedir revisiones a Backend Expert; alguien de mantenimiento puede comentar \`${p} review\`. (Respondo esto una vez por pull request.)`,
    cooldown: (seconds: number) => `Una revisión de este pull request empezó hace un momento; vuelve a pedirla en ${seconds} s.`,
  },
} as const;

/** The help reply: the commands, the configuration in force, and whether reviews are paused. */
export function renderHelp(config: Config, options: { paused: boolean; unknown?: string }): string {
  const text = TEXT[config.review_language];
  const prefix = config.commands.prefix;
  const settings = [
    `- \`fail_on\`: \`${config.fail_on}\` · \`on_error\`: \`${config.on_error}\` · \`review_event\`: \`${config.review_event}\``,
    `- \`max_comments\`: ${config.max_comments} · \`suggestions\`: ${config.suggestions} · \`incremental\`: ${config.incremental} · \`summary_comment\`: ${config.summary_comment}`,
    `- \`skip_drafts\`: ${config.skip_drafts} · \`commands.cooldown_seconds\`: ${config.commands.cooldown_seconds}`,
    `- \`agent.enabled\`: ${config.agent.enabled} · \`agent.gate\`: ${config.agent.gate}${config.agent.model ? ` · \`agent.model\`: \`${config.agent.model}\`` : ''}`,
    ...(config.paths.include.length > 0 ? [`- \`paths.include\`: ${config.paths.include.map((glob) => `\`${glob}\``).join(', ')}`] : []),
    ...(config.paths.exclude.length > 0 ? [`- \`paths.exclude\`: ${config.paths.exclude.map((glob) => `\`${glob}\``).join(', ')}`] : []),
  ];
  return [
    ...(options.unknown ? [text.unknown(prefix, options.unknown), ''] : []),
    text.helpTitle,
    '',
    ...text.commands(prefix),
    '',
    text.who,
    '',
    ...(options.paused ? [text.paused, ''] : []),
    text.configTitle,
    '',
    ...settings,
  ].join('\n');
}

/** The one polite answer per pull request to someone who may not start reviews. */
export function renderDenied(config: Config, user: string): string {
  return `${TEXT[config.review_language].denied(user, config.commands.prefix)}\n\n${DENIED_REPLY_MARKER}`;
}

/** The answer to a review asked for during the cooldown. */
export function renderCooldown(config: Config, seconds: number): string {
  return TEXT[config.review_language].cooldown(seconds);
}
