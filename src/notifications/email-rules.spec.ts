import { emailContent } from './email-rules';

describe('notification e-mail content', () => {
  it('is a subject, a link and a reference, nothing from the record', () => {
    const content = emailContent(
      'episode_allocated',
      'episode',
      '1a2b3c4d-0000-4000-8000-000000000000',
      'https://eh.example',
    );
    expect(content).toEqual({
      subject: 'A family has been allocated to your team',
      link: 'https://eh.example/episodes/1a2b3c4d-0000-4000-8000-000000000000',
      reference: 'EP-1A2B3C4D',
      text: expect.stringContaining('Reference: EP-1A2B3C4D'),
    });
    expect(content.text).toContain('https://eh.example/episodes/1a2b3c4d-0000-4000-8000-000000000000');
  });

  it('has a neutral subject for a kind without its own', () => {
    expect(emailContent('something_else', 'widget', 'abcdef12-0000-4000-8000-000000000000', 'https://x').subject).toBe(
      'Something new for you in Early Help',
    );
  });
});
