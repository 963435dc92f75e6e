import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import { FieldHistoryService } from '../platform/history/field-history.service';
import { Clock } from '../platform/clock/clock';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { RecordConsentDto, UpdateConsentDto, WithdrawConsentDto } from './dto/consent.dto';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';
import { CONSENT_PROBLEMS } from './consent.problems';
import { FamilyMembershipRepository } from '../families/family-membership.repository';

/**
 * Consent to assessment and to information sharing. An information-sharing consent starts a
 * `consent` involvement for each organisation it names (an allocation becomes it); withdrawing or
 * narrowing it ends them in the same transaction, and the access rule also checks for a live
 * consent on every request, so sharing stops from the moment the change commits.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly db: DatabaseService,
    private readonly consents: ConsentRepository,
    private readonly records: RecordWriter,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
    private readonly access: FamilyAccessService,
    private readonly clock: Clock,
  ) {}

  record(caller: AuthUser, familyId: string, dto: RecordConsentDto): Promise<Consent> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      if (dto.givenOn > this.clock.today()) {
        throw fieldProblem(CONSENT_PROBLEMS.invalidConsent, 'givenOn', 'givenOn is in the future');
      }
      if (!(await new FamilyMembershipRepository(this.db).isCurrentMember(familyId, dto.givenByPersonId))) {
        throw fieldProblem(
          CONSENT_PROBLEMS.consentGiverNotMember,
          'givenByPersonId',
          'Consent must be given by a current member of the family',
        );
      }
      await this.assertOrganisationsExist(dto.organisationIds);
      const consent = await this.records.create(Consent, 'consent', {
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
      if (dto.scopes.includes('information_sharing')) await this.access.consentGiven(familyId, dto.organisationIds);
      return consent;
    });
  }

  async list(caller: AuthUser, familyId: string): Promise<Consent[]> {
    await this.access.assertCanReadFamily(caller, familyId);
    const consents = await this.consents.listForFamily(familyId);
    return this.audit.readItems(consents, { entityType: 'family', entityId: familyId, view: 'consents' });
  }

  /** Immediate: the next request from an organisation it covered no longer sees the family through it. */
  withdraw(caller: AuthUser, consentId: string, dto: WithdrawConsentDto): Promise<Consent> {
    return this.db.transaction(async () => {
      const consent = await this.findVisible(caller, consentId);
      assertNotWithdrawn(consent, `This consent was withdrawn at ${consent.withdrawnAt?.toISOString()}`);
      consent.withdrawnAt = this.clock.now();
      consent.withdrawnByUserId = caller.id;
      consent.withdrawalReason = dto.reason;
      const saved = await this.consents.save(consent);
      await this.audit.record({
        action: 'withdraw',
        entityType: 'consent',
        entityId: consentId,
        details: { familyId: consent.familyId, organisationIds: consent.organisationIds },
      });
      await this.access.consentEnded(consent.familyId, consent.organisationIds, 'consent_withdrawn');
      return saved;
    });
  }

  /**
   * Changes which organisations a live consent names, as the family asked: organisations no
   * longer named stop seeing the family at once (unless another live consent names them); newly
   * named ones start, and an allocation of theirs becomes consent.
   */
  update(caller: AuthUser, consentId: string, dto: UpdateConsentDto): Promise<Consent> {
    return this.db.transaction(async () => {
      const consent = await this.findVisible(caller, consentId);
      assertNotWithdrawn(consent, 'A withdrawn consent cannot be changed; record a new one');
      await this.assertOrganisationsExist(dto.organisationIds);
      const removed = consent.organisationIds.filter((id) => !dto.organisationIds.includes(id));
      const added = dto.organisationIds.filter((id) => !consent.organisationIds.includes(id));
      const before = [...consent.organisationIds];
      consent.organisationIds = dto.organisationIds;
      const saved = await this.consents.save(consent);
      await this.audit.record({
        action: 'update',
        entityType: 'consent',
        entityId: consentId,
        details: { familyId: consent.familyId, added, removed },
      });
      if (added.length > 0 || removed.length > 0) {
        await this.history.record('consent', consentId, [
          { field: 'organisationIds', from: before, to: dto.organisationIds },
        ]);
      }
      if (consent.scopes.includes('information_sharing')) {
        if (removed.length > 0) await this.access.consentEnded(consent.familyId, removed, 'consent_narrowed');
        if (added.length > 0) await this.access.consentGiven(consent.familyId, added);
      }
      return saved;
    });
  }

  /** The consent, locked, if the caller sees its family; 404 (as if absent) otherwise. */
  private async findVisible(caller: AuthUser, consentId: string): Promise<Consent> {
    const consent = await this.consents.findForUpdate(consentId);
    if (!consent) throw new NotFoundException(`No consent with id ${consentId}`);
    try {
      await this.access.assertCanReadFamily(caller, consent.familyId);
    } catch {
      throw new NotFoundException(`No consent with id ${consentId}`);
    }
    return consent;
  }

  /** 422 naming every id in `organisationIds` that is no organisation. */
  private async assertOrganisationsExist(organisationIds: string[]): Promise<void> {
    const known = await this.consents.knownOrganisationIds(organisationIds);
    const unknown = organisationIds.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      throw fieldProblem(
        ORGANISATION_PROBLEMS.unknownOrganisation,
        'organisationIds',
        `No organisation with id ${unknown.join(', ')}`,
      );
    }
  }
}

/** 409 `consent-already-withdrawn`: a withdrawn consent is neither withdrawn again nor changed. */
function assertNotWithdrawn(consent: Consent, detail: string): void {
  if (consent.withdrawnAt) {
    throw problemOf(CONSENT_PROBLEMS.consentAlreadyWithdrawn, detail);
  }
}
