import { describe, expect, it } from 'vitest';
import { parseGoalFeed } from './goal-feed';

const FAKE_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<goals>
  <goal><mref>order-1</mref><goalid>7</goalid><value>10.99</value><clickSessionID>abc123</clickSessionID><mid>m</mid></goal>
</goals>`;

describe('parseGoalFeed', () => {
  it("reads the testkit fake's feed", () => {
    expect(parseGoalFeed(FAKE_FEED, 'order-1')).toEqual({
      merchantRef: 'order-1',
      goalId: '7',
      value: '10.99',
      clickSessionId: 'abc123',
      raw: expect.stringMatching(/^<goal>.*<\/goal>$/),
    });
  });

  it('finds nothing in an empty feed, an empty body or another reference', () => {
    expect(parseGoalFeed('<?xml version="1.0"?><goals></goals>', 'order-1')).toBeUndefined();
    expect(parseGoalFeed('<goals/>', 'order-1')).toBeUndefined();
    expect(parseGoalFeed('', 'order-1')).toBeUndefined();
    expect(parseGoalFeed(FAKE_FEED, 'order-2')).toBeUndefined();
  });

  it('is lenient on case, attributes, spellings, entities and CDATA', () => {
    const xml = `<Feed><GOAL id="1"><MerchantRef>a&amp;b</MerchantRef><goal_id>3</goal_id>
      <Amount> 5.00 </Amount><ClickSessionId><![CDATA[x<y]]></ClickSessionId></GOAL></Feed>`;
    expect(parseGoalFeed(xml, 'a&b')).toMatchObject({
      merchantRef: 'a&b',
      goalId: '3',
      value: '5.00',
      clickSessionId: 'x<y',
    });
  });

  it('decodes numeric entities', () => {
    expect(parseGoalFeed('<goal><mref>&#60;1&#x3e;</mref></goal>', '<1>')?.merchantRef).toBe('<1>');
  });

  it('does not take a goal without an mref element as the one asked for: nothing proves it is', () => {
    expect(parseGoalFeed('<goals><goal><value>1</value></goal></goals>', 'r')).toBeUndefined();
    expect(
      parseGoalFeed('<goals><goal><value>1</value></goal><goal><mref>r</mref></goal></goals>', 'r'),
    ).toEqual({
      merchantRef: 'r',
      raw: '<goal><mref>r</mref></goal>',
    });
  });

  it('picks the matching goal among several', () => {
    const xml =
      '<goals><goal><mref>a</mref><value>1</value></goal><goal><mref>b</mref><value>2</value></goal></goals>';
    expect(parseGoalFeed(xml, 'b')?.value).toBe('2');
  });
});
