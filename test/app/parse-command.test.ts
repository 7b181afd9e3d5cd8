import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../src/app/commands/parse-command.js';

describe('parseCommand', () => {
  it.each([
    ['/expert review', { name: 'review' }],
    ['Thanks!\n\n/expert pause', { name: 'pause' }],
    ['   /expert resume please', { name: 'resume' }],
    ['/expert', { name: 'help' }],
    ['/expert HELP', { name: 'help' }],
    ['/expert deploy', { name: 'help', unknown: 'deploy' }],
    ['/expert review\n/expert pause', { name: 'review' }],
    ['```\n/expert pause\n```\n/expert review', { name: 'review' }],
  ])('reads %j', (body, expected) => {
    expect(parseCommand(body, '/expert')).toEqual(expected);
  });

  it.each([
    ['a quoted reply', '> /expert review'],
    ['a nested quote', '> > /expert review'],
    ['a fenced code block', 'Try this:\n```\n/expert review\n```'],
    ['a tilde fence', '~~~md\n/expert review\n~~~'],
    ['an indented code block', '    /expert review'],
    ['a tab-indented code block', '\t/expert review'],
    ['inline code', 'Use `/expert review` to ask'],
    ['the middle of a line', 'please /expert review'],
    ['a longer word', '/expertise review'],
    ['an unclosed fence', '```\n/expert review'],
  ])('ignores a command in %s', (_label, body) => {
    expect(parseCommand(body, '/expert')).toBeUndefined();
  });

  it('uses the configured prefix', () => {
    expect(parseCommand('@backend-expert review', '@backend-expert')).toEqual({ name: 'review' });
    expect(parseCommand('/expert review', '@backend-expert')).toBeUndefined();
  });

  it('reads Windows line endings', () => {
    expect(parseCommand('hi\r\n/expert pause\r\n', '/expert')).toEqual({ name: 'pause' });
  });
});
