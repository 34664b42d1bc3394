/**
 * Korean news prose for the bench corpus, made from real words in the sentence shapes of Korean
 * news writing, with the particles chosen by the last syllable as Korean grammar chooses them
 * (정부는, 예산안을, 서울시가). The fixtures hold no Korean article text, and a fifth of the
 * corpus written in English with Hangul names never exercised Korean search.
 */

const TIMES = ['지난 20일', '오늘 오전', '이날 오후', '올해 상반기', '지난해', '내년부터', '최근', '이번 주', '지난달 말', '다음 달', '지난 주말', '올해 들어'];
const SUBJECTS = [
  '정부', '국회', '기획재정부', '서울시', '한국은행', '교육부', '보건복지부', '대통령실', '여당', '야당', '경찰', '검찰', '삼성전자', '현대자동차',
  '시민단체', '전문가들', '연구팀', '업계', '소비자단체', '중소기업들', '대법원', '통계청', '기상청', '환경부', '외교부', '국방부', '노동조합',
  '대학생들', '지방자치단체', '금융당국', '국토교통부', '산업통상자원부', '과학기술정보통신부', '공정거래위원회', '질병관리청', '소방당국',
];
const TOPICS = [
  '예산안', '부동산 정책', '물가 대책', '금리 인상', '수출 실적', '일자리 창출', '저출산 문제', '기후 변화', '인공지능 기술', '반도체 산업',
  '의료 개혁', '교육 제도', '대중교통 요금', '전기차 보급', '에너지 가격', '청년 주거', '지역 경제', '관광 산업', '사이버 보안', '개인정보 보호',
  '재난 대응', '미세먼지', '노인 복지', '최저임금', '세금 감면', '무역 협정', '남북 관계', '선거 제도', '공공 의료', '문화 행사', '주택 공급',
  '가계 부채', '원자력 발전', '재생 에너지', '농산물 가격', '출산 장려금', '자율주행 기술', '우주 개발', '해양 오염', '식품 안전',
];
const PLACES = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '제주', '경기도', '강원도', '충청북도', '전라남도', '경상북도', '국회의사당', '정부서울청사'];
const DID = ['발표했다', '검토하고 있다', '추진하기로 했다', '강화하겠다고 밝혔다', '논의했다', '비판했다', '요구했다', '지원하기로 했다', '조사하고 있다', '마련했다', '결정했다', '공개했다', '확대할 방침이다', '재검토하기로 했다'];
const SAID = ['밝혔다', '설명했다', '전했다', '강조했다', '덧붙였다'];
const TRENDS = ['증가', '감소', '회복', '둔화', '상승', '하락'];
const EFFECTS = ['경제에 큰', '시민 생활에 직접적인', '산업 전반에 상당한', '지역 사회에 긍정적인', '청년층에 적지 않은', '수출에 부정적인'];
const REASONS = ['예산이 부족하다는', '절차가 복잡하다는', '현장의 목소리가 반영되지 않았다는', '효과가 검증되지 않았다는', '형평성에 어긋난다는'];

/** Whether a word's last syllable ends in a consonant (받침), which picks 은/이/을/과 over 는/가/를/와. */
function hasFinal(word: string): boolean {
  const code = word.charCodeAt(word.length - 1);
  return code >= 0xac00 && code <= 0xd7a3 && (code - 0xac00) % 28 !== 0;
}

const topic = (w: string) => w + (hasFinal(w) ? '은' : '는');
const subject = (w: string) => w + (hasFinal(w) ? '이' : '가');
const object = (w: string) => w + (hasFinal(w) ? '을' : '를');
const and = (w: string) => w + (hasFinal(w) ? '과' : '와');

/** One sentence of Korean news prose, drawn with `rand` (so the same seed gives the same text). */
export function koreanSentence(rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const n = () => 10 + Math.floor(rand() * 990);
  const s = pick(SUBJECTS);
  const o = pick(TOPICS);
  switch (Math.floor(rand() * 9)) {
    case 0:
      return `${pick(TIMES)} ${topic(s)} ${object(o)} ${pick(DID)}.`;
    case 1:
      return `${topic(s)} ${pick(TIMES)} ${pick(PLACES)}에서 열린 회의에서 ${o}에 대한 입장을 ${pick(SAID)}.`;
    case 2:
      return `${pick(PLACES)}에서는 ${and(o)} 관련해 시민 ${n()}명이 참석한 토론회가 열렸다.`;
    case 3:
      return `${s}에 따르면 ${o} 관련 예산은 ${n()}억 원으로 지난해보다 ${1 + Math.floor(rand() * 30)}% 늘었다.`;
    case 4:
      return `이에 대해 ${s} 관계자는 "${topic(o)} 앞으로도 중요한 과제"라고 말했다.`;
    case 5:
      return `${pick(TIMES)} ${pick(PLACES)}의 ${o} 현황을 보면 ${pick(TRENDS)} 추세가 이어지고 있다.`;
    case 6:
      return `${subject(s)} ${object(o)} 둘러싼 논란에 대해 아직 공식 입장을 내놓지 않았다.`;
    case 7:
      return `전문가들은 ${subject(o)} ${pick(EFFECTS)} 영향을 미칠 것으로 내다봤다.`;
    default:
      return `일부에서는 ${pick(REASONS)} 지적도 나오지만, ${topic(s)} ${object(pick(TOPICS))} 계속 ${pick(DID)}.`;
  }
}
