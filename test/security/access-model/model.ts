/**
 * The reference model of "who may see what" (domain.md, "Roles and who may see what"), written
 * from that text and not from the service code: for an organisation on today's date, which
 * records of the history (history.ts) it may read, and which involvements the family lists.
 *
 * Each answer is `yes`, `no` or `either`. `either` marks the few places where the domain text
 * allows two readings (listed in docs/reliability.md); the test checks only `yes` and `no`.
 */
import { daysBetween } from './calendar';
import { Allocation, AccessHistory, Episode, Recorded, Span } from './history';
import { Expected, InvolvementRow, LEAD_KEEPS_CLOSED_EPISODE_DAYS, most, Org, Sight, soften } from './facts';

export * from './facts';

export class AccessModel extends AccessHistory {
  /** An allocation lapses `ALLOCATION_WORKING_DAYS` working days after it starts: the lapse day itself is left open. */
  private allocationSight(a: Allocation): Sight {
    if (a.end !== null || this.today > a.lapsesOn) return 'no';
    if (this.today === a.lapsesOn || a.contested) return 'either';
    return 'yes';
  }

  /**
   * The lapse date of the allocation a decision made: null when consent already covered the lead;
   * `either` when only an older consent, whose sharing an earlier closure ended, named it (consent
   * at once, or an allocation that lapses: see `contested`).
   */
  lapsesOn(marf: string): string | null | undefined {
    const allocation = this.allocations.find((a) => a.marf === marf);
    if (!allocation) return undefined;
    if (allocation.contested) return 'either';
    return allocation.end === allocation.start ? null : allocation.lapsesOn;
  }

  /** The whole case record: consent (or lead / TAF member while consent covers it), or a statutory reader. */
  caseAccess(org: Org, family: string): Sight {
    if (org === 'mash' || org === 'social_care') return 'yes';
    if (this.activeConsentSpans(org, family).length > 0) return 'yes';
    // Lead / TAF member on an open episode with a consent naming the organisation whose sharing
    // an earlier closure ended: "while consent covers" may be read either way.
    const assigned = [...this.leads, ...this.tafMembers].some(
      (s) => s.org === org && s.family === family && s.end === null,
    );
    return (assigned && this.named(org, family)) || this.keptByOlderConsent.has(`${family} ${org}`) ? 'either' : 'no';
  }

  private allocatedSight(org: Org, family: string, episode?: string, marf?: string): Sight {
    return most(
      ...this.allocations
        .filter(
          (a) =>
            a.org === org && a.family === family && (!episode || a.episode === episode) && (!marf || a.marf === marf),
        )
        .map((a) => this.allocationSight(a)),
    );
  }

  /**
   * The Lead Professional's organisation keeps the closed episode (the episode and its EHAs, plan
   * and notes; not the family's other episodes) for 90 days for closing work. It continues the
   * `lead` basis, which holds "only while consent covers the organisation": nothing when no consent
   * covered it at closure or none names it now; `either` when only an older consent (whose sharing
   * an earlier closure ended) covered it, or after a consent naming it was withdrawn or narrowed
   * while another still names it.
   */
  private closingWork(org: Org, episode: Episode): Sight {
    if (!episode.closedOn) return 'no';
    const days = daysBetween(episode.closedOn, this.today);
    if (days > LEAD_KEEPS_CLOSED_EPISODE_DAYS) return 'no';
    if (episode.leadAtClose === org) {
      if (days === LEAD_KEEPS_CLOSED_EPISODE_DAYS) return 'either';
      if (episode.leadCoveredAtClose === 'no' || !this.named(org, episode.family)) return 'no';
      return episode.leadCoveredAtClose === 'either' || episode.withdrawnAfterClose.has(org) ? 'either' : 'yes';
    }
    // No Lead Professional at closure, only an allocated lead organisation: "Lead Professional organisation" either way.
    return episode.leadAtClose === null && episode.allocatedAtClose === org ? 'either' : 'no';
  }

  /**
   * The involvements `GET /families/{id}/involvements` lists for the family on the four bases that
   * open access (allocation, consent, lead, TAF member), each with its start and end. Consent rows
   * are one per organisation while consents naming it overlap (a consent recorded on the day a
   * closure ended the sharing starts a new row). An allocation that consent covered at once (it
   * started and ended the same day), or that an older consent may have turned into consent, may be
   * listed either way: left out of the comparison (`skip`).
   */
  involvementRows(family: string): { rows: InvolvementRow[]; skip: { org: Org; basis: string }[] } {
    const rows: InvolvementRow[] = [];
    const skip: { org: Org; basis: string }[] = [];
    const active = (span: Span): Sight => (span.start <= this.today && span.end === null ? 'yes' : 'no');
    for (const a of this.allocations.filter((x) => x.family === family && x.row)) {
      // On its lapse day a new allocation may start a row or not.
      const lapseDay = this.allocations.some(
        (o) => o.org === a.org && o.family === family && o.lapsesOn === this.today,
      );
      if (a.end === a.start || a.contested || lapseDay) {
        skip.push({ org: a.org, basis: 'allocation' });
        continue;
      }
      rows.push({ org: a.org, basis: 'allocation', start: a.start, end: a.end, active: this.allocationSight(a) });
    }
    const byOrg = new Map<Org, (Span & { closed?: boolean })[]>();
    for (const s of this.consentSpans.filter((x) => x.family === family)) {
      byOrg.set(s.org, [...(byOrg.get(s.org) ?? []), s]);
    }
    for (const [org, spans] of byOrg) {
      // A consent that named the organisation for no whole day (named and narrowed the same day) may
      // leave a row of no length or none: either way.
      if (this.olderConsentRows.has(`${family} ${org}`) || spans.some((x) => x.end === x.start)) {
        skip.push({ org, basis: 'consent' });
        continue;
      }
      // Overlapping consents naming the same organisation make one involvement.
      const sorted = [...spans].sort((x, y) => x.start.localeCompare(y.start));
      let current: (Span & { closed?: boolean }) | undefined;
      for (const s of sorted) {
        if (
          current &&
          (current.end === null || s.start < current.end || (s.start === current.end && !current.closed))
        ) {
          if (current.end !== null && (s.end === null || s.end > current.end))
            Object.assign(current, { end: s.end, closed: s.closed });
          continue;
        }
        if (current)
          rows.push({ org, basis: 'consent', start: current.start, end: current.end, active: active(current) });
        current = { ...s };
      }
      if (current)
        rows.push({ org, basis: 'consent', start: current.start, end: current.end, active: active(current) });
    }
    for (const l of this.leads.filter((x) => x.family === family))
      rows.push({ org: l.org, basis: 'lead', start: l.start, end: l.end, active: active(l) });
    for (const m of this.tafMembers.filter((x) => x.family === family))
      rows.push({ org: m.org, basis: 'taf_member', start: m.start, end: m.end, active: active(m) });
    return { rows, skip };
  }

  expected(org: Org): Expected {
    const episodesOf = (family: string) => [...this.episodes.values()].filter((e) => e.family === family);
    const familySight = new Map<string, Sight>();
    const out: Expected = {
      families: new Map(),
      members: new Map(),
      consents: new Map(),
      chronology: new Map(),
      involvements: new Map(),
      people: new Map(),
      episodes: new Map(),
      assessments: new Map(),
      tafPlans: new Map(),
      caseNotes: new Map(),
      marfs: new Map(),
      marfList: new Map(),
    };
    for (const family of this.families.keys()) {
      const access = this.caseAccess(org, family);
      const closing = soften(most(...episodesOf(family).map((e) => this.closingWork(org, e))));
      const allocated = this.allocatedSight(org, family);
      const sight = most(access, allocated, closing);
      familySight.set(family, sight);
      const recorder: Sight = this.familyRecorder.get(family) === org ? 'yes' : 'no';
      out.families.set(family, most(sight, recorder));
      out.members.set(family, most(sight, recorder));
      out.consents.set(family, most(access, soften(allocated), closing, recorder));
      // The chronology is family-wide (a later episode's records are in it): not closing work.
      out.chronology.set(family, access);
      // Who works with the family belongs to the family record (allocation, consent, lead, TAF);
      // whether the organisation that only recorded the family sees it ("what it recorded itself")
      // is not said: either.
      out.involvements.set(family, most(sight, soften(recorder)));
    }
    for (const person of this.people) {
      const viaFamily = [...this.families]
        .filter(([, members]) => members.has(person))
        .map(([f]) => familySight.get(f)!);
      // As the family's recorder: only the members it added itself.
      const viaOwnFamily = [...this.families.keys()].some(
        (f) => this.familyRecorder.get(f) === org && this.addedBy.get(f)?.get(person) === org,
      );
      out.people.set(
        person,
        most(
          viaOwnFamily || this.personRecorder.get(person) === org ? 'yes' : 'no',
          // Linking shows the person's demographics: for good, or (the service's reading) while the
          // organisation still sees a family it linked them into. Both defensible: not checked.
          this.linked.get(org)?.has(person) ? 'either' : 'no',
          ...viaFamily,
        ),
      );
    }
    const episodeSight = (episode: Episode) => {
      const access = this.caseAccess(org, episode.family);
      const closing = this.closingWork(org, episode);
      return { access, closing };
    };
    for (const episode of this.episodes.values()) {
      const { access, closing } = episodeSight(episode);
      // The allocated lead may be shown the episode it must seek consent for, "awaiting consent";
      // the service shows it the family's other episodes too (their dates and closure reasons),
      // which the basis table does not list: either, reported (docs/reliability.md).
      out.episodes.set(episode.id, most(access, closing, soften(this.allocatedSight(org, episode.family))));
    }
    // Closing work reads the closed episode's EHAs, plan and notes, and no other episode's.
    const recorded = (record: Recorded): Sight => {
      const { access, closing } = episodeSight(this.episodes.get(record.episode)!);
      return most(record.by === org ? 'yes' : 'no', access, closing);
    };
    for (const a of this.assessments.values()) out.assessments.set(a.id, recorded(a));
    for (const n of this.caseNotes.values()) out.caseNotes.set(n.id, recorded(n));
    for (const [plan, episodeId] of this.tafPlans) {
      const { access, closing } = episodeSight(this.episodes.get(episodeId)!);
      out.tafPlans.set(plan, most(access, closing));
    }
    for (const marf of this.marfs.values()) {
      out.marfList.set(marf.id, marf.referrer === org || org === 'mash' ? 'yes' : 'no');
      if (marf.referrer === org || org === 'mash') {
        out.marfs.set(marf.id, 'yes');
        continue;
      }
      const allocated = this.allocatedSight(org, marf.family, undefined, marf.id);
      // Whether the whole case record (or social care's statutory read) includes the MARFs: not said.
      out.marfs.set(marf.id, most(allocated, soften(this.caseAccess(org, marf.family))));
    }
    return out;
  }
}
