// junit.xml of an acceptance run: one suite per section. A section that could not run is a failing case, since the
// run is not accepted; differences from our assumptions and lenient findings are skipped cases carrying the reason.
import { type Case, interactionCase, junitDocument, thresholdCases } from '../junit.ts';
import type { AcceptanceResult, NegativeFinding, Section } from './types.ts';
import { sectionTitles } from './types.ts';

const findingCase = (f: NegativeFinding, strict: boolean): Case => {
  const c: Case = {
    classname: `negative.${f.operationId}`,
    name: `${f.method} ${f.path} with ${f.description}`,
  };
  const message = `${f.why} [replay: ${f.replay}]`;
  if (f.rank === 'defect' || (f.rank === 'differs' && strict)) {
    c.failure = { message, detail: `${message}\n${f.detail}` };
  } else c.skipped = `${f.rank}: ${message}`;
  return c;
};

function cases(s: Section, strict: boolean): Case[] {
  const title = sectionTitles[s.name];
  if (s.status === 'not-run') {
    const why = `not run: ${s.reason ?? s.headline}`;
    return [{ classname: `acceptance.${s.name}`, name: `${title} ran`, failure: { message: why, detail: why } }];
  }
  switch (s.name) {
    case 'contracts':
      return s.interactions.map(interactionCase);
    case 'workflow':
      return s.steps.map((step) => {
        const c: Case = { classname: `workflow.${step.operationId}`, name: `${step.name}: ${step.check}` };
        if (step.failure) c.failure = { message: step.failure, detail: step.failure };
        else if (step.differences.length) c.skipped = step.differences.join('; ');
        return c;
      });
    case 'load':
      return [
        ...(s.load ? thresholdCases(s.load.summary) : []),
        ...s.integrity.map((r): Case => {
          const c: Case = { classname: 'load.integrity', name: r.rule };
          if (!r.ok) c.failure = { message: r.detail, detail: r.detail };
          return c;
        }),
        // A run that stopped before its summary has no threshold to show why.
        ...(s.status === 'failed' && !s.load
          ? [
              {
                classname: 'load',
                name: 'the load run',
                failure: { message: s.headline, detail: s.failures.join('\n') },
              },
            ]
          : []),
      ];
    case 'negative': {
      const defects = s.findings.filter((f) => f.rank === 'defect').length;
      const summary: Case = { classname: 'negative', name: `no defect in ${s.counts.sent} malformed requests` };
      if (defects) summary.failure = { message: `${defects} defects`, detail: s.failures.join('\n') };
      return [summary, ...s.findings.map((f) => findingCase(f, strict))];
    }
  }
}

export function buildAcceptanceJunit(result: AcceptanceResult): string {
  return junitDocument(
    result.sections.map((s, i): [string, Case[]] => [
      `acceptance ${i + 1}. ${sectionTitles[s.name]}`,
      cases(s, result.strict),
    ]),
  );
}
