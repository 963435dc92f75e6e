import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { fieldProblem } from '../platform/problem/problem-type';
import { SetFamilyHelpDateDto, SupportLevelList, SupportLevelView, UpdateSupportLevelDto, VocabularyView } from './dto/support-level.dto';
import { levelInUse, LevelRow } from './support-level-rules';
import { SUPPORT_LEVEL_PROBLEMS } from './support-levels.problems';
import { SupportLevelsRepository } from './support-levels.repository';

/**
 * Support levels as the partnership's reference data: their labels, the two vocabularies and the
 * date from which new episodes use the Family Help names. Episodes recorded before keep theirs.
 */
@Injectable()
export class SupportLevelsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: SupportLevelsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<SupportLevelList> {
    return { items: await this.repository.levels(), vocabularies: await this.repository.vocabularies() };
  }

  relabel(code: string, dto: UpdateSupportLevelDto): Promise<SupportLevelView> {
    return this.db.transaction(async () => {
      const before = await this.repository.level(code);
      if (!before || !(await this.repository.relabel(code, dto.label))) {
        throw new NotFoundException(`No support level ${code}`);
      }
      await this.audit.record({
        action: 'update',
        entityType: 'support_level',
        entityId: code,
        details: { label: dto.label, previousLabel: before.label },
      });
      return (await this.repository.level(code))!;
    });
  }

  setFamilyHelpFrom(dto: SetFamilyHelpDateDto): Promise<VocabularyView> {
    return this.db.transaction(async () => {
      const previous = await this.repository.setFamilyHelpFrom(dto.inUseFrom);
      await this.audit.record({
        action: 'update',
        entityType: 'support_level_vocabulary',
        entityId: 'family_help',
        details: { inUseFrom: dto.inUseFrom, previousInUseFrom: previous },
      });
      return (await this.repository.vocabularies()).find((vocabulary) => vocabulary.code === 'family_help')!;
    });
  }

  /**
   * The level an episode opened on `openedOn` records for the level asked (422 unknown-level or
   * level-not-in-vocabulary): the same measure group in the vocabulary in use on that date.
   */
  async levelFor(code: string, openedOn: string, field = 'level'): Promise<string> {
    const levels = await this.repository.levels();
    const asked = levels.find((level) => level.code === code);
    if (!asked) throw fieldProblem(SUPPORT_LEVEL_PROBLEMS.unknownLevel, field, `No support level ${code}`);
    const choice = levelInUse(asked as LevelRow, levels as LevelRow[], await this.repository.familyHelpFrom(), openedOn);
    if ('refused' in choice) throw fieldProblem(SUPPORT_LEVEL_PROBLEMS.levelNotInVocabulary, field, choice.refused);
    return choice.code;
  }
}
