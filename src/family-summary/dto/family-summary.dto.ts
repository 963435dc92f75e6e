import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class GlossaryTermDto {
  @ApiProperty({
    maxLength: 100,
    example: 'TAF',
    description: 'A professional term; all capitals match only in capitals',
  })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'term must not be blank' })
  term!: string;

  @ApiProperty({ maxLength: 300, example: "your family's support meeting" })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'plain must not be blank' })
  plain!: string;
}

export class GlossaryTermView {
  @ApiProperty() term!: string;
  @ApiProperty() plain!: string;
}

export class GlossaryList {
  @ApiProperty({ type: [GlossaryTermView] }) items!: GlossaryTermView[];
}

export class FamilyHelperView {
  @ApiProperty({ description: 'Who is helping: the worker or service by name, never reworded by the glossary' })
  who!: string;
  @ApiProperty({ description: 'What they are doing' }) helpingWith!: string;
  @ApiProperty({ format: 'date', description: 'By when' }) by!: string;
  @ApiProperty() done!: boolean;
}

export class FamilyGoalView {
  @ApiProperty() goal!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "First name of the person the goal is for, child or adult; null for the whole family's goal",
  })
  forPerson!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "First name of the child the goal is for; null for a family goal and for an adult's goal. Kept for " +
      'existing clients: read forPerson, which also names an adult.',
    deprecated: true,
  })
  forChild!: string | null;
  @ApiProperty({ type: [FamilyHelperView] }) helpers!: FamilyHelperView[];
}

export class NextMeetingView {
  @ApiProperty({ format: 'date', description: 'The next meeting is due by this date' }) dueBy!: string;
  @ApiProperty({ example: "your family's support meeting" }) what!: string;
}

export class ForFamilyView {
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Your main worker' }) mainWorker!: string | null;
  @ApiProperty({ type: [FamilyGoalView] }) goals!: FamilyGoalView[];
  @ApiProperty({ type: NextMeetingView, nullable: true }) nextMeeting!: NextMeetingView | null;
}

export class ForChildView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty({ type: [FamilyGoalView], description: "This child's own goals" }) goals!: FamilyGoalView[];
  @ApiProperty({ type: [FamilyHelperView] }) helpers!: FamilyHelperView[];
  @ApiProperty({ type: NextMeetingView, nullable: true }) nextMeeting!: NextMeetingView | null;
  @ApiProperty({
    type: [String],
    description: "This child's own recorded views (assessment, meetings, case notes), oldest first; never a sibling's",
  })
  yourViews!: string[];
}

export class FamilySummaryView {
  @ApiProperty({ format: 'uuid' }) tafPlanId!: string;
  @ApiProperty({ type: ForFamilyView }) forFamily!: ForFamilyView;
  @ApiProperty({ type: [ForChildView] }) forChildren!: ForChildView[];
}
