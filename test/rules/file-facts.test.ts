import { describe, expect, it } from '@jest/globals';
import { parseSnippet, type Language } from '../../src/core/source/language.js';
import { FileFacts } from '../../src/core/rules/support/file-facts.js';
import { literalText, STRING_KINDS } from '../../src/core/rules/support/string-literal.js';
import { languageFamily } from '../../src/core/source/language.js';

/**
 * The text gates skip a rule's tree work when the text proves there is nothing to find. A gate that
 * says "absent" wrongly drops findings silently, so these cases pin the tricky spellings to "present".
 */
function facts(language: Language, code: string): FileFacts {
  return new FileFacts(parseSnippet(language, code), languageFamily(language));
}

describe('FileFacts text gates', () => {
  it('finds names as whole tokens only', () => {
    const file = facts('typescript', 'const x = repo.findById(id);\n');
    expect(file.mentionsName('findById')).toBe(true);
    expect(file.mentionsName('find')).toBe(false);
    expect(file.mentions('find')).toBe(true);
  });

  it('counts every spelling of a call, and no property read', () => {
    const js = facts('typescript', 'const a = new pg.Pool;\nb?.query?.(1);\nfetch /* c */ (url);\nparse<T>(x);\nsql`select`;\nconst limit = req.query.limit;\n');
    expect(['Pool', 'query', 'fetch', 'parse', 'sql'].map((name) => js.mentionsCall(name))).toEqual([true, true, true, true, true]);
    expect(js.mentionsCall('limit')).toBe(false);
    expect(facts('python', 'rows = (session.all\n  (x))\nq = db.query\n').mentionsCall('all', 'query')).toBe(true);
    expect(facts('python', 'q = db.query\n').mentionsCall('query')).toBe(false);
    expect(facts('go', 'package m\nfunc f() { g := Map[int](x); _ = g }\n').mentionsCall('Map')).toBe(true);
    expect(facts('java', 'class A { Object a = new Foo<Bar>(); }').mentionsCall('Foo')).toBe(true);
  });

  it('reads plain receiver chains and gives up on anything else', () => {
    const file = facts('typescript', 'this.orders.create(a);\ngetRepo().create(b);\nsuper.create(c);\ncreate(d);\nx?.y\n  .create(e);\n');
    expect(file.callReceivers('create')).toEqual([['this', 'orders'], undefined, undefined, [], ['x', 'y']]);
    expect(facts('typescript', 'new models.create(a);\nnew models.create;\n').callReceivers('create')).toEqual([['models'], undefined]);
  });

  it('finds members with blanks or comments around the dot', () => {
    expect(facts('go', 'package m\nfunc f() { http . Get(u) }\n').mentionsMember('http', 'Get')).toBe(true);
    expect(facts('go', 'package m\nfunc f() { http./* c */Get(u) }\n').mentionsMember('http', 'Get')).toBe(true);
    expect(facts('java', 'class A { void f() { Clients.<T>create(); } }').mentionsMember('Clients', 'create')).toBe(true);
    expect(facts('go', 'package m\nfunc f() { http.Post(u) }\n').mentionsMember('http', 'Get')).toBe(false);
  });

  it('compares words in any case like toLowerCase does', () => {
    expect(facts('typescript', "const h = 'IDEMPOTENCY-Key';\n").mentionsAnyCase('idempoten')).toBe(true);
    expect(facts('typescript', 'const \u212Aey = 1;\n').mentionsAnyCase('key')).toBe(true);
    expect(facts('typescript', 'const x = 1;\n').mentionsAnyCase('idempoten', 'key')).toBe(false);
  });

  it('finds a first parameter only before a comma', () => {
    expect(facts('typescript', 'app.use((err, req, res, next) => res.json(err));\n').mentionsLeadingParameter('err')).toBe(true);
    expect(facts('typescript', 'try { a(); } catch (error) { next(error); }\n').mentionsLeadingParameter('error')).toBe(false);
  });
});

describe('literalText', () => {
  const cases: Array<[Language, string, Array<string | undefined>]> = [
    ['typescript', "a('it\\'s', \"q\\u0041\\\n\", `t\\${x}`, `i${x}`, '', 'a\\\\');", ["it\\'s", 'q\\u0041\\\n', 't\\${x}', undefined, '', 'a\\\\']],
    ['tsx', 'const y = <a b="&amp;c" d="e" />;', ['c', 'e']],
    ['python', 'a("x\\ny", r\'\\d\', f"q{z}", """m\nn""", b"k", "", f"plain")', ['x\\ny', '\\d', undefined, 'm\nn', 'k', '', 'plain']],
    ['go', 'package m\nvar a, b = "x\\ny", `raw\\n`', ['x\\ny', 'raw\\n']],
    ['java', 'class A { String a = "x\\ny"; String b = ""; }', ['x\\ny', '']],
  ];
  it.each(cases)('%s: %s', (language, code, expected) => {
    const family = languageFamily(language);
    const root = parseSnippet(language, code).root;
    const strings = root.findAll({ rule: { any: STRING_KINDS[family].filter((kind) => kind !== 'concatenated_string').map((kind) => ({ kind })) } });
    expect(strings.map((node) => literalText(node, family))).toEqual(expected);
  });
});
