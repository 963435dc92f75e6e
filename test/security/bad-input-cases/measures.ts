import type { TestUser } from '../../helpers/test-app';
import type { BadInputContext } from './context';

/** Dashboard targets and commentary (src/measures/). */
export function measuresCases({ t, refused }: BadInputContext): void {
  describe('dashboard targets and commentary', () => {
    let analyst: TestUser;
    beforeAll(async () => {
      analyst = await t.user(['analyst']);
    });
    const post = (path: string, body: unknown) =>
      t
        .as(analyst)
        .post(path)
        .send(body as object);

    it.each([
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: null, amberThreshold: 1 }, 'target'],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: '40', amberThreshold: 1 }, 'target'],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: -1, amberThreshold: 0 }, 'target'],
      [
        {
          financialYear: "2026-27'; DROP TABLE measure_targets; --",
          direction: 'higher_is_better',
          target: 1,
          amberThreshold: 0,
        },
        'financialYear',
      ],
      [{ financialYear: '2026-27', direction: 'higher_is_better', target: 1, amberThreshold: 0, extra: 1 }, 'extra'],
    ])('POST /measure-targets/{key} %j', async (body, field) => {
      await refused(() => post('/measure-targets/marf_received', body), 400, field);
    });

    it.each([
      [{ period: 'month', periodKey: '2026-10', text: '' }, 'text'],
      [{ period: 'month', periodKey: '2026-10', text: 'a\u0000b' }, 'text'],
      [{ period: 'fortnight', periodKey: '2026-10', text: 'x' }, 'period'],
      [{ period: 'month', periodKey: '2026-10', text: 'x'.repeat(4001) }, 'text'],
    ])('POST /measure-commentary/{key} %j', async (body, field) => {
      await refused(() => post('/measure-commentary/marf_received', body), 400, field);
    });

    it('a period that is not one, and blank commentary, are 422 with nothing written', async () => {
      await refused(
        () => post('/measure-commentary/marf_received', { period: 'quarter', periodKey: '2026-Q5', text: 'x' }),
        422,
        'periodKey',
      );
      await refused(
        () => post('/measure-commentary/marf_received', { period: 'month', periodKey: '2026-10', text: '   ' }),
        422,
        'text',
      );
    });
  });
}
