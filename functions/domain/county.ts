/**
 * The county file: one deployment's settings and roster (stations → central offices → villages,
 * officers, assistants, joint-defence contacts, duty contacts, SLAs). Validated with zod; errors name
 * the path of the bad field (`stations[0].offices[1].villages[2].officerId: …`).
 */
import * as z from 'zod/mini';
import { SMS_PROVIDERS, SMS_TYPES, type SmsType } from './sms-types.ts';
import { text } from './z.ts';

export const E164 = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +8613800000000'));

/** County-file objects reject unknown keys (a typo must not pass silently) but allow a `$comment`. */
const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject({ $comment: z.optional(z.string()), ...shape });

/** A whole number from 1 to `max`, `fallback` when left out. */
const count = (max: number, fallback: number) => z._default(z.int().check(z.minimum(1), z.maximum(max)), fallback);

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes (at most 40)'));

export const ContactSchema = obj({
  name: text(1, 40),
  phone: E164,
});
export type Contact = z.infer<typeof ContactSchema>;

export const VillageSchema = obj({
  id,
  name: text(1, 40),
  /** The resident officer (民警) of this village; an officer may cover several villages. */
  officerId: id,
  /** The police assistant (警务助理); never receives tips. */
  assistant: ContactSchema,
  /** Joint-defence group contacts (联防), rung at once for urgent help. */
  defenceContacts: z._default(z.array(ContactSchema).check(z.maxLength(20)), []),
  /**
   * Information officers (信息员): villagers who sign in to the console with their phone and file cases
   * on behalf of residents, with the resident's consent; the officer sees who filed the case.
   */
  informants: z._default(z.array(ContactSchema).check(z.maxLength(10)), []),
  /** Workstation office hours as shown on the contact card, e.g. "周一至周五 8:30-17:30". */
  officeHours: z.optional(z.string().check(z.maxLength(60))),
  /** The workstation's duty phone shown to residents. */
  dutyPhone: z.optional(z.string().check(z.maxLength(20))),
});
export type Village = z.infer<typeof VillageSchema>;

export const OfficeSchema = obj({
  id,
  name: text(1, 40),
  /** Escalation level 2: the central office's duty contact. */
  dutyContact: ContactSchema,
  villages: z.array(VillageSchema).check(z.minLength(1)),
});
export type Office = z.infer<typeof OfficeSchema>;

export const StationSchema = obj({
  id,
  name: text(1, 40),
  township: text(1, 40),
  /** Escalation level 3: the station's duty contact. */
  dutyContact: ContactSchema,
  offices: z.array(OfficeSchema).check(z.minLength(1)),
});
export type Station = z.infer<typeof StationSchema>;

export const OfficerSchema = obj({
  id,
  name: text(1, 40),
  phone: E164,
});
export type Officer = z.infer<typeof OfficerSchema>;

const minutes = z.int().check(z.positive(), z.maximum(60 * 24 * 30));

/** Minutes to acknowledge before a case climbs one escalation level, per kind (and urgent help). */
export const SlaSchema = obj({
  tip: minutes,
  dispute: minutes,
  hazard: minutes,
  service: minutes,
  help: minutes,
  helpUrgent: minutes,
});
export type Sla = z.infer<typeof SlaSchema>;

export const STAFF_ROLES = ['office', 'station', 'bureau'] as const;

/** A person above the village who signs in: a central office's, a station's or the bureau's staff. */
export const StaffSchema = obj({
  id,
  name: text(1, 40),
  phone: E164,
  role: z.enum(STAFF_ROLES),
  /** For role `office`. */
  officeId: z.optional(id),
  /** For role `station`. */
  stationId: z.optional(id),
});
export type Staff = z.infer<typeof StaffSchema>;

/** The AWS China regions: their own partition (`aws-cn`), operated by Sinnet (Beijing) and NWCD (Ningxia). */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

const DOMAIN_NAME = z.string().check(z.regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase domain name such as cunjing.example.gov.cn'));

export const DeploymentSchema = obj({
  /** The AWS region of the stack, e.g. `cn-northwest-1` or `ap-east-1`. */
  region: z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as cn-northwest-1 or ap-east-1')),
  /** China: the ICP-filed domain the site answers on (CloudFront in China has no usable default name). */
  domainName: z.optional(DOMAIN_NAME),
  /**
   * China: the id of the domain's certificate in the IAM certificate store (`aws iam
   * upload-server-certificate --path /cloudfront/ ...` prints it, e.g. `ASCA...`); CloudFront in
   * China takes no ACM certificate.
   */
  iamCertificateId: z.optional(z.string().check(z.regex(/^[A-Z0-9]{16,128}$/, 'must be the ServerCertificateId IAM printed for the uploaded certificate, e.g. ASCAEXAMPLE123456789'))),
  /** China: the ICP filing number of the domain (e.g. 宁ICP备2026000000号), which the county shows on its site. */
  icpRecordal: z.optional(text(4, 40)),
}).check(
  z.superRefine((deployment, ctx) => {
    if (!isChinaRegion(deployment.region)) return;
    if (!deployment.domainName) ctx.addIssue({ code: 'custom', path: ['domainName'], message: 'the China regions need the ICP-filed domain of the site (CloudFront there serves no default name)' });
    if (!deployment.iamCertificateId) ctx.addIssue({ code: 'custom', path: ['iamCertificateId'], message: 'the China regions need the id of the domain\'s certificate in the IAM certificate store (CloudFront there takes no ACM certificate)' });
  }),
);
export type Deployment = z.infer<typeof DeploymentSchema>;

export function isChinaRegion(region: string | undefined): boolean {
  return (CHINA_REGIONS as readonly (string | undefined)[]).includes(region);
}

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const CountySchema = obj({
    /** Used in case numbers: `{code}-{YYYY}-{NNNNNN}`. */
    code: z.string().check(z.regex(/^[A-Z]{2,8}$/, 'must be 2 to 8 capital letters')),
    name: text(1, 40),
    /** Short name for SMS signatures, e.g. 青山 → 【青山村警】. */
    shortName: text(1, 8),
    locale: z.enum(LOCALES),
    timezone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')),
    emergencyNumber: z._default(z.string(), '110'),
    sms: z.prefault(obj({
      /**
       * Who sends the county's SMS: `sns` (Amazon SNS, text with one-tap links), or a domestic provider
       * for mainland China, `aliyun` (Alibaba Cloud SMS) or `tencent` (Tencent Cloud SMS), which send
       * only registered templates (functions/domain/sms-templates.ts). Credentials live in Secrets Manager.
       */
      provider: z._default(z.enum(SMS_PROVIDERS), 'sns'),
      /** The registered SMS signature (签名) without 【】, e.g. 青山村警: required with `aliyun` and `tencent`. */
      signName: z.optional(z.string().check(z.regex(/^[\p{L}\p{N}]{2,12}$/u, 'must be 2 to 12 letters or digits, without 【】'))),
      /** The county's template code (Alibaba `SMS_…`, Tencent a number) per SMS type: `npm run county:check` lists the missing ones with their text. */
      templates: z.optional(z.strictObject(Object.fromEntries(SMS_TYPES.map((type) => [type, z.optional(z.string().check(z.regex(/^[A-Za-z0-9_]{1,40}$/, 'must be the template code the provider issued, e.g. SMS_123456789 or 1234567')))])) as Record<SmsType, z.ZodMiniOptional<z.ZodMiniString>>)),
      /** Tencent Cloud SMS: the SmsSdkAppId of the application (a number such as 1400006666). */
      sdkAppId: z.optional(z.string().check(z.regex(/^\d{6,20}$/, 'must be the SmsSdkAppId, digits such as 1400006666'))),
      /** Tencent Cloud SMS region (e.g. ap-guangzhou); Alibaba Cloud SMS endpoint region (e.g. cn-hangzhou). @default provider's default */
      region: z.optional(z.string().check(z.regex(/^[a-z]{2}-[a-z]+(-\d+)?$/, 'must be a region id such as ap-guangzhou or cn-hangzhou'))),
      /** Sender id where the destination country supports one (not mainland China). */
      senderId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/))),
      /**
       * This county's SMS budget in US dollars per month. The stack alarms when the account's SMS
       * spend this month reaches 80% of it. The hard cap is the account-level SNS `MonthlySpendLimit`
       * (one per account and region, shared by every county deployed there): see docs/deploy.md.
       */
      monthlySpendLimitUsd: z.optional(z.number().check(z.positive(), z.maximum(100_000))),
      /**
       * Price of one SMS part (70 UCS-2 characters) in US dollars, for the spend counter that stops
       * non-urgent SMS before `monthlySpendLimitUsd` (mainland China, approximate: scripts/cost/prices.json).
       */
      pricePerPartUsd: z._default(z.number().check(z.positive(), z.maximum(10)), 0.04),
      /**
       * One-tap links in officers' SMS (`/o/{token}`, one per case and recipient). `false`: officer
       * SMS carry no per-case link, only the inbox's one address (`/o/inbox`), where an officer signs
       * in once per phone; what a domestic provider's registered templates call for. @default true
       */
      links: z.optional(z.boolean()),
    }), {}),
    /**
     * Limits against abuse (issue 9). Counts per client are kept under a keyed hash of the client's
     * address (key rotated daily), in items that expire with their window.
     */
    limits: z.prefault(obj({
      intake: z.prefault(obj({
        /** Cases one address may send in 10 minutes before each further one needs a proof of work. */
        softPer10Minutes: count(100_000, 5),
        /** Past this many in 10 minutes, or `hardPerDay` in a day, the answer is 429. */
        hardPer10Minutes: count(100_000, 10),
        hardPerDay: count(1_000_000, 20),
        /** Cases for one village in 10 minutes (from anyone) before every sender needs a proof of work. */
        villageBurstPer10Minutes: count(1_000_000, 30),
        /** Cases for the whole county in 10 minutes before every sender needs a proof of work. */
        countyBurstPer10Minutes: count(10_000_000, 200),
        /** Proof-of-work difficulty: the largest number a solver may have to try (SHA-256, ALTCHA v1). */
        challengeMaxNumber: z._default(z.int().check(z.minimum(1_000), z.maximum(10_000_000)), 50_000),
      }), {}),
      signIn: z.prefault(obj({
        /** Sign-in codes sent to one phone per 15 minutes; past it the answer is the same, but no SMS goes. */
        codesPerPhone: count(100, 3),
        /** Sign-in requests from one address per 15 minutes before 429. */
        requestsPerAddress: count(10_000, 30),
        /** Code checks for one phone per day. */
        verifyTriesPerPhonePerDay: count(1_000, 20),
      }), {}),
      sms: z.prefault(obj({
        /** Case SMS to one village phone (officer, assistant) in an hour before further cases go into a digest. */
        villageCasesPerHour: count(1_000_000, 10),
        /** How often the digest SMS goes while the breaker is open. */
        digestEveryMinutes: z._default(z.int().check(z.minimum(5), z.maximum(24 * 60)), 30),
        /** Share of `sms.monthlySpendLimitUsd` kept for urgent help and sign-in codes. */
        reservedShare: z._default(z.number().check(z.minimum(0), z.maximum(0.9)), 0.2),
      }), {}),
    }), {}),
    /** Operations: who hears about alarms. */
    ops: z.optional(obj({
      /** Subscribed (after the emailed confirmation) to the county's alarm topic. */
      alarmEmail: z.optional(z.email('must be an email address such as ops@example.gov.cn')),
    })),
    /** The public web site's own domain; without it the site answers on its CloudFront domain. */
    site: z.optional(
      obj({
        /** Custom domain of the site, e.g. `cunjing.example.gov.cn` (a CNAME to the CloudFront domain). */
        domainName: z.optional(DOMAIN_NAME),
        /** ACM certificate for `domainName`; CloudFront takes certificates from us-east-1 only. */
        certificateArn: z.optional(
          z.string().check(z.regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be the ARN of an ACM certificate in us-east-1 (CloudFront uses only those)')),
        ),
        /**
         * Opt-in AWS WAF on the site: past `requestsPer5Minutes` requests from one address in five
         * minutes, CloudFront answers 429 (about $6 a month plus $0.60 per million requests; docs/deploy.md).
         */
        waf: z.optional(obj({ requestsPer5Minutes: z.int().check(z.minimum(10), z.maximum(2_000_000_000)) })),
      }).check(
        z.refine((site) => (site.domainName === undefined) === (site.certificateArn === undefined), {
          message: 'set domainName and certificateArn together, or neither',
        }),
      ),
    ),
    /**
     * Where the county's stack goes. Without it the stack is region-agnostic (the deploying
     * credentials choose a global region) and the site answers on its CloudFront name or `site`.
     * In the AWS China regions (cn-north-1 Beijing, cn-northwest-1 Ningxia) CloudFront serves only
     * an ICP-filed domain of the county's own with a certificate from the IAM certificate store:
     * both are required there, and `site` is not used.
     */
    deployment: z.optional(DeploymentSchema),
    sla: SlaSchema,
    /**
     * "Small matters stay in the village" (小事不出村): a village's police assistant may close (resolve)
     * the service requests of his own village. Otherwise only officers and the chain above resolve cases.
     */
    assistantsCloseServiceCases: z._default(z.boolean(), false),
    /** Days after a case is resolved during which its resident may say "not fixed" and reopen it. */
    reopenDays: z._default(z.int().check(z.positive(), z.maximum(365)), 14),
    /** Reward tiers for verified tips (有奖举报), as the county publishes them. */
    rewards: z.prefault(
      obj({
        tiers: z._default(z.array(obj({ id, label: text(1, 20), amountYuan: z.optional(z.int().check(z.nonnegative())) })).check(z.maxLength(10)), []),
        /**
         * Days from the verification of a tip during which its tipster may claim the reward at the
         * case's police station, with the case number and the tracking code (no identity is stored).
         */
        claimDays: z._default(z.int().check(z.positive(), z.maximum(3_650)), 90),
      }),
      {},
    ),
    /** Escalation level 4: the bureau duty desk. */
    bureau: obj({ name: text(1, 40), dutyContact: ContactSchema }),
    officers: z.array(OfficerSchema).check(z.minLength(1)),
    stations: z.array(StationSchema).check(z.minLength(1)),
    /** Central-office, station and bureau staff who sign in to the admin console (officers and assistants sign in as themselves). */
    staff: z._default(z.array(StaffSchema), []),
    /** Reply templates offered to officers in the admin console. */
    replyTemplates: z._default(z.array(obj({ id, label: text(1, 20), text: text(1, 500) })).check(z.maxLength(50)), []),
    /**
     * Open311 GeoReport v2 (`/open311/v2/`): the county's other systems that may file requests, each
     * with its own API key. Only the key's SHA-256 is kept here: `npm run open311:key` issues one.
     */
    open311: z._default(
      obj({
        clients: z._default(
          z
            .array(
              obj({
                id,
                name: text(1, 60),
                keyHash: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be the SHA-256 of the key in base64url (npm run open311:key makes it)')),
                /** Requests this system may file per hour; past it the API answers 429. */
                requestsPerHour: z._default(z.int().check(z.positive(), z.maximum(10_000)), 60),
              }),
            )
            .check(z.maxLength(50)),
          [],
        ),
      }),
      { clients: [] },
    ),
}).check(z.superRefine((county, ctx) => {
    if (isChinaRegion(county.deployment?.region) && county.site) {
      ctx.addIssue({ code: 'custom', path: ['site'], message: 'a county in the China regions names its domain and certificate in deployment, not site (CloudFront there takes no ACM certificate)' });
    }
    const officeIds = new Set(county.stations.flatMap((st) => st.offices.map((o) => o.id)));
    const stationIds = new Set(county.stations.map((st) => st.id));
    county.staff.forEach((person, i) => {
      if (person.role === 'office' && !(person.officeId && officeIds.has(person.officeId))) {
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'officeId'], message: 'office staff need the id of one of the central offices' });
      }
      if (person.role === 'station' && !(person.stationId && stationIds.has(person.stationId))) {
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'stationId'], message: 'station staff need the id of one of the stations' });
      }
    });
    // Domestic providers send under a registered signature; Tencent also needs the application's id.
    if (county.sms.provider !== 'sns' && !county.sms.signName) {
      ctx.addIssue({ code: 'custom', path: ['sms', 'signName'], message: `the ${county.sms.provider} provider sends only under a registered signature: set signName` });
    }
    if (isChinaRegion(county.deployment?.region) && county.sms.provider === 'sns') {
      ctx.addIssue({ code: 'custom', path: ['sms', 'provider'], message: 'Amazon SNS sends no SMS in the China regions: choose aliyun or tencent' });
    }
    if (county.sms.provider === 'tencent' && !county.sms.sdkAppId) {
      ctx.addIssue({ code: 'custom', path: ['sms', 'sdkAppId'], message: 'the tencent provider needs the SmsSdkAppId of the SMS application' });
    }
    // One entry per integrating system: its id counts its requests, its hash finds it.
    const clientIds = new Set<string>();
    const keyHashes = new Set<string>();
    county.open311.clients.forEach((client, i) => {
      if (clientIds.has(client.id)) ctx.addIssue({ code: 'custom', path: ['open311', 'clients', i, 'id'], message: `duplicate client id "${client.id}"` });
      if (keyHashes.has(client.keyHash)) ctx.addIssue({ code: 'custom', path: ['open311', 'clients', i, 'keyHash'], message: 'the same key as another client' });
      clientIds.add(client.id);
      keyHashes.add(client.keyHash);
    });
    // A phone signs in to the console: two officers (or two staff) on one phone would be one login.
    for (const [list, name] of [[county.officers, 'officers'], [county.staff, 'staff']] as const) {
      const phones = new Map<string, number>();
      list.forEach((person, i) => {
        const first = phones.get(person.phone);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [name, i, 'phone'], message: `the same phone as ${name}[${first}]` });
        else phones.set(person.phone, i);
      });
    }
    const officerIds = new Set<string>();
    county.officers.forEach((officer, i) => {
      if (officerIds.has(officer.id)) {
        ctx.addIssue({ code: 'custom', path: ['officers', i, 'id'], message: `duplicate officer id "${officer.id}"` });
      }
      officerIds.add(officer.id);
    });
    const seen = new Map<string, string>();
    county.stations.forEach((station, s) => {
      const stationPath = `stations[${s}]`;
      if (seen.has(station.id)) {
        ctx.addIssue({ code: 'custom', path: ['stations', s, 'id'], message: `duplicate id "${station.id}" (also ${seen.get(station.id)})` });
      }
      seen.set(station.id, stationPath);
      station.offices.forEach((office, o) => {
        if (seen.has(office.id)) {
          ctx.addIssue({ code: 'custom', path: ['stations', s, 'offices', o, 'id'], message: `duplicate id "${office.id}" (also ${seen.get(office.id)})` });
        }
        seen.set(office.id, `${stationPath}.offices[${o}]`);
        office.villages.forEach((village, v) => {
          const path = ['stations', s, 'offices', o, 'villages', v];
          if (seen.has(village.id)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate id "${village.id}" (also ${seen.get(village.id)})` });
          }
          seen.set(village.id, `${stationPath}.offices[${o}].villages[${v}]`);
          if (!officerIds.has(village.officerId)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'officerId'], message: `no officer with id "${village.officerId}" in officers` });
          }
        });
      });
    });
  }));
export type County = z.infer<typeof CountySchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class CountyFileError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(source: string, issues: { path: string; message: string }[]) {
    super(`${source} is not a valid county file:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'CountyFileError';
    this.issues = issues;
  }
}

/** `['stations', 0, 'offices', 1, 'name']` → `stations[0].offices[1].name` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** Validates parsed county-file JSON; throws a CountyFileError naming every bad field's path. */
export function parseCounty(data: unknown, source = 'county file'): County {
  const result = CountySchema.safeParse(data);
  if (!result.success) {
    throw new CountyFileError(
      source,
      result.error.issues.flatMap((issue) =>
        // An unknown key is reported at its own path (`stations[0].offce`), not at its parent object.
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key (check its spelling)' }))
          : [{ path: formatPath(issue.path), message: issue.message }],
      ),
    );
  }
  return result.data;
}

/** A village with everything routing and the public API need, resolved from the roster. */
export interface VillageView {
  readonly village: Village;
  readonly office: Office;
  readonly station: Station;
  readonly officer: Officer;
}

/** Indexes a county's roster by village id. */
export function indexVillages(county: County): Map<string, VillageView> {
  const officers = new Map(county.officers.map((o) => [o.id, o]));
  const byId = new Map<string, VillageView>();
  for (const station of county.stations) {
    for (const office of station.offices) {
      for (const village of office.villages) {
        const officer = officers.get(village.officerId);
        if (!officer) throw new Error(`village ${village.id}: unknown officer ${village.officerId}`);
        byId.set(village.id, { village, office, station, officer });
      }
    }
  }
  return byId;
}
