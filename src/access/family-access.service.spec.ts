import type { AppConfig } from '../config/config';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser, Role } from '../platform/auth/auth-user';
import type { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { DatabaseService } from '../platform/database/database.service';
import { FamilyAccessRepository } from './family-access.repository';
import { FamilyAccessService } from './family-access.service';

const user = (roles: Role[], organisationType = 'school'): AuthUser => ({
  id: 'u',
  email: 'u@example',
  organisationId: '11111111-1111-4111-8111-111111111111',
  organisationType,
  roles,
});

class FixedClock extends Clock {
  override now(): Date {
    return new Date('2026-03-02T12:00:00Z');
  }
}

describe('FamilyAccessService.visibleFamilyCondition', () => {
  const service = new FamilyAccessService(
    {} as DatabaseService,
    new FamilyAccessRepository({} as DatabaseService),
    {} as AuditService,
    new AccessPolicy(),
    new FixedClock(),
    { closedEpisodeLeadReadDays: 90 } as AppConfig,
  );

  it('lets MASH and social care practitioners see every family', () => {
    expect(service.visibleFamilyCondition(user(['mash']), 'f.id')).toEqual({ sql: 'TRUE', params: [] });
    expect(service.visibleFamilyCondition(user(['practitioner'], 'social_care'), 'f.id')).toEqual({
      sql: 'TRUE',
      params: [],
    });
  });

  it.each<Role>(['analyst', 'admin', 'auditor', 'social_care_system'])('gives %s no family', (role) => {
    expect(service.visibleFamilyCondition(user([role]), 'f.id')).toEqual({ sql: 'FALSE', params: [] });
  });

  it('takes today from the Clock as a parameter, never the database clock', () => {
    for (const level of ['family', 'episode', 'case'] as const) {
      const condition = service.visibleFamilyCondition(user(['practitioner']), 'f.id', 3, level);
      expect(condition.params).toEqual(['11111111-1111-4111-8111-111111111111', '2026-03-02']);
      expect(condition.sql).toContain('$3::uuid');
      expect(condition.sql).toContain('$4::date');
      expect(condition.sql).not.toMatch(/\$1\b|\$2\b|now\(\)|current_date/i);
    }
  });

  it('gives the case record only on consent, lead or TAF while a live consent names the organisation', () => {
    const condition = service.visibleCaseCondition(user(['manager']), 'f.id', 1);
    expect(condition.sql).toMatch(/basis IN \('consent', 'lead', 'taf_member'\)/);
    expect(condition.sql).toMatch(/withdrawn_at IS NULL/);
    expect(condition.sql).toMatch(/'information_sharing' = ANY/);
    expect(condition.sql).not.toMatch(/'allocation'|'recorder'|'referrer'/);
  });

  it("scopes the Lead Professional's closing work to the closed episode's records", () => {
    const practitioner = user(['practitioner']);
    // A family-wide case read (the chronology) is not closing work: a later episode's records are in it.
    expect(service.visibleCaseCondition(practitioner, 'f.id', 1).sql).not.toMatch(/episode_closed/);
    const scoped = service.visibleRecordCondition(practitioner, 'e.family_id', 'NULL', 1, 'case', 'a.episode_id').sql;
    expect(scoped).toMatch(/end_reason = 'episode_closed'[^)]*AND access_i\.episode_id = a\.episode_id/);
    // The family record and its members stay readable for the closing work.
    expect(service.visibleFamilyCondition(practitioner, 'f.id', 1, 'family').sql).toMatch(/episode_closed/);
  });

  it('shows the family (not the case record) to an allocation that has not lapsed, and to its recorder', () => {
    const condition = service.visibleFamilyCondition(user(['practitioner']), 'f.id', 1, 'family');
    expect(condition.sql).toMatch(/basis = 'allocation'/);
    expect(condition.sql).toMatch(/lapses_on > \$2::date/);
    expect(condition.sql).toMatch(/created_by_organisation_id = \$1::uuid/);
    expect(condition.sql).not.toMatch(/'referrer'/);
  });
});
