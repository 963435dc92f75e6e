import { HttpStatus, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { ChronologyService } from '../chronology/chronology.service';
import { FamilyAccessService } from '../families/family-access.service';
import { londonToday } from '../calendar/working-days';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import { ProblemException } from '../platform/problem/problem';
import { Consent } from './consent.entity';
import { RecordConsentDto, WithdrawConsentDto } from './dto/consent.dto';
import { unprocessable } from '../platform/problem/unprocessable';

/**
 * Consent to assessment and to information sharing. Who may see a family is decided by
 * FamilyAccessService from the consents held here, on every request, so a withdrawal stops
 * sharing with the organisations it covered from the moment it commits.
 */
@Injectable()
export class ConsentService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly records: RecordWriter,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly chronology: ChronologyService,
  ) {}

  onModuleInit(): void {
    this.chronology.register({
      kind: 'consent_given',
      dateOnly: true,
      sql: `SELECT given_on AS occurred_on, created_at AS recorded_at, 'consent' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('givenByPersonId', given_by_person_id, 'scopes', scopes,
                                      'organisationIds', organisation_ids) AS details
              FROM consents WHERE family_id = $1`,
    });
    this.chronology.register({
      kind: 'consent_withdrawn',
      sql: `SELECT withdrawn_at AS occurred_at, 'consent' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('organisationIds', organisation_ids) AS details
              FROM consents WHERE family_id = $1 AND withdrawn_at IS NOT NULL`,
    });
  }

  record(caller: AuthUser, familyId: string, dto: RecordConsentDto): Promise<Consent> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      if (dto.givenOn > londonToday()) {
        throw unprocessable('invalid-consent', 'Invalid consent', 'givenOn', 'givenOn is in the future');
      }
      const member = await this.db.query(
        `SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL`,
        [familyId, dto.givenByPersonId],
      );
      if (member.length === 0) {
        throw unprocessable(
          'consent-giver-not-member',
          'Consent giver is not a member',
          'givenByPersonId',
          'Consent must be given by a current member of the family',
        );
      }
      const known = await this.db.query<{ id: string }>(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [
        dto.organisationIds,
      ]);
      const unknown = dto.organisationIds.filter((id) => !known.some((row) => row.id === id));
      if (unknown.length > 0) {
        throw unprocessable(
          'unknown-organisation',
          'Unknown organisation',
          'organisationIds',
          `No organisation with id ${unknown.join(', ')}`,
        );
      }
      return this.records.create(Consent, 'consent', {
        familyId,
        givenByPersonId: dto.givenByPersonId,
        givenOn: dto.givenOn,
        scopes: dto.scopes,
        organisationIds: dto.organisationIds,
        recordedByUserId: caller.id,
        recordedByOrganisationId: caller.organisationId,
        withdrawnAt: null,
        withdrawnByUserId: null,
        withdrawalReason: null,
      });
    });
  }

  async list(caller: AuthUser, familyId: string): Promise<Consent[]> {
    await this.access.assertCanReadFamily(caller, familyId);
    const consents = await this.db
      .repository(Consent)
      .find({ where: { familyId }, order: { givenOn: 'ASC', createdAt: 'ASC' } });
    return this.audit.readItems(consents, { entityType: 'family', entityId: familyId, view: 'consents' });
  }

  /** Immediate: the next request from an organisation it covered no longer sees the family through it. */
  withdraw(caller: AuthUser, consentId: string, dto: WithdrawConsentDto): Promise<Consent> {
    return this.db.transaction(async () => {
      const consent = await this.db
        .repository(Consent)
        .findOne({ where: { id: consentId }, lock: { mode: 'pessimistic_write' } });
      if (!consent) throw new NotFoundException(`No consent with id ${consentId}`);
      try {
        await this.access.assertCanReadFamily(caller, consent.familyId);
      } catch {
        throw new NotFoundException(`No consent with id ${consentId}`);
      }
      if (consent.withdrawnAt) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'consent-already-withdrawn',
          'Consent already withdrawn',
          `This consent was withdrawn at ${consent.withdrawnAt.toISOString()}`,
        );
      }
      consent.withdrawnAt = new Date();
      consent.withdrawnByUserId = caller.id;
      consent.withdrawalReason = dto.reason;
      const saved = await this.db.repository(Consent).save(consent);
      await this.audit.record({
        action: 'withdraw',
        entityType: 'consent',
        entityId: consentId,
        details: { familyId: consent.familyId, organisationIds: consent.organisationIds },
      });
      return saved;
    });
  }
}
