import type { Formatter } from './formatter.js';

/**
 * JUnit XML as ESLint's `junit` formatter (eslint-formatter-junit) writes it: a test suite per file, a
 * failing test case per problem (an `<error>` for a file that cannot be read or parsed, as ESLint's
 * fatal messages), and one passing test case for a clean file.
 */
export const junit: Formatter = (results) => {
  let output = '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n';
  for (const result of results) {
    const classname = result.filePath.replace(/\.[^/\\.]+$/, '');
    const errors = result.messages.filter((message) => message.severity === 2).length;
    output += `<testsuite package="org.corsguard" time="0" tests="${result.messages.length || 1}" errors="${errors}" name="${xml(result.filePath)}">\n`;
    if (result.messages.length === 0) {
      output += `<testcase time="0" name="${xml(result.filePath)}" classname="${xml(classname)}" />\n`;
    }
    for (const message of result.messages) {
      const kind = message.severity === 2 ? 'Error' : 'Warning';
      const rule = message.ruleId ?? '';
      // A file that cannot be read or parsed is an <error> (the test could not run), a finding a <failure>.
      const element = message.fatal === true ? 'error' : 'failure';
      output += `<testcase time="0" name="org.corsguard.${xml(rule || 'unknown')}" classname="${xml(classname)}">`;
      output += `<${element} message="${xml(message.message)}"><![CDATA[${cdata(`line ${message.line}, col ${message.column}, ${kind} - ${message.message}${rule === '' ? '' : ` (${rule})`}`)}]]></${element}>`;
      output += '</testcase>\n';
    }
    output += '</testsuite>\n';
  }
  return `${output}</testsuites>\n`;
};

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(XML_FORBIDDEN, '')
    // An XML parser turns a raw tab or line break in an attribute into a space; a character reference keeps it.
    .replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function cdata(text: string): string {
  return text.replace(/]]>/g, ']]]]><![CDATA[>').replace(XML_FORBIDDEN, '');
}

/** Control characters XML 1.0 cannot carry at all, even escaped (a message may quote one from a hostile file). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
