import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser, Role } from '../platform/auth/auth-user';
import type { AuditService } from '../platform/audit/audit.service';
import type { DatabaseService } from '../platform/database/database.service';
import { FamilyAccessService } from './family-access.service';

const user = (...roles: Role[]): AuthUser => ({
  id: 'u',
  email: 'u@example',
  organisationId: '11111111-1111-4111-8111-111111111111',
  organisationType: 'school',
  roles,
});

describe('FamilyAccessService.visibleFamilyCondition', () => {
  const service = new FamilyAccessService({} as DatabaseService, {} as AuditService, new AccessPolicy());

  it('lets MASH see every family', () => {
    expect(service.visibleFamilyCondition(user('mash'), 'f.id')).toEqual({ sql: 'TRUE', params: [] });
  });

  it.each<Role>(['analyst', 'admin', 'auditor', 'social_care_system'])('gives %s no family', (role) => {
    expect(service.visibleFamilyCondition(user(role), 'f.id')).toEqual({ sql: 'FALSE', params: [] });
  });

  it('limits practitioners and managers to active involvement with consent, or creator/referrer', () => {
    for (const caller of [user('practitioner'), user('manager')]) {
      const condition = service.visibleFamilyCondition(caller, 'f.id', 3);
      expect(condition.params).toEqual([caller.organisationId]);
      expect(condition.sql).toContain('$3::uuid');
      expect(condition.sql).not.toContain('$1');
      expect(condition.sql).toMatch(/ended_at IS NULL/);
      expect(condition.sql).toMatch(/withdrawn_at IS NULL/);
      expect(condition.sql).toMatch(/'information_sharing' = ANY/);
      expect(condition.sql).toMatch(/role IN \('creator', 'referrer'\)/);
    }
  });
});
