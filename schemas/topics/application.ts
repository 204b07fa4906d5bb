import { Type, type Static } from '@sinclair/typebox';
import { envelope, EnterpriseId, Id, Money, Pii, strict } from '../common.ts';

export const PRODUCTS = ['working_capital', 'invoice_financing', 'term_loan'] as const;
export const CHANNELS = ['app', 'web', 'branch', 'partner_api'] as const;
export const APPLICANT_ROLES = ['legal_rep', 'shareholder', 'officer', 'employee'] as const;

/** Identity-verification results from the onboarding flow (face match, liveness, SMS, captcha, ID document). */
export const IdentityVerification = Type.Object(
  {
    faceMatchScore: Type.Number({ minimum: 0, maximum: 1, description: 'Face vs. ID photo similarity, 0-1' }),
    livenessPassed: Type.Boolean(),
    smsVerified: Type.Boolean(),
    captchaPassed: Type.Boolean(),
    idDocumentValid: Type.Boolean({ description: 'ID number and name verified against the public-security register' }),
  },
  strict,
);

/** Attributes of the enterprise as declared or looked up at application time. */
export const EnterpriseProfile = Type.Object(
  {
    industryCode: Type.Optional(Type.String({ maxLength: 16, description: 'GB/T 4754 or NAICS industry code' })),
    employees: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    isNewBusiness: Type.Optional(Type.Boolean({ description: 'In business for less than two years' })),
    isFranchise: Type.Optional(Type.Boolean()),
    urbanRural: Type.Optional(Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Literal('unknown')])),
    region: Type.Optional(Type.String({ maxLength: 32, description: 'Province / state code' })),
    declaredAnnualRevenue: Type.Optional(Money('Declared annual revenue, CNY')),
    registeredAddress: Type.Optional(Type.String({ maxLength: 256 })),
    yearsInBusiness: Type.Optional(Type.Number({ minimum: 0, maximum: 200 })),
  },
  strict,
);

export const LoanApplication = Type.Object(
  {
    ...envelope,
    applicationId: Id('Application id'),
    enterpriseId: EnterpriseId(),
    enterpriseName: Type.String({ minLength: 1, maxLength: 128 }),
    applicant: Type.Object(
      {
        name: Pii('person_name', 'Applicant full name'),
        idNumber: Pii('person_id', 'Resident identity number'),
        phone: Pii('phone', 'Applicant mobile number'),
        role: Type.Union(APPLICANT_ROLES.map((r) => Type.Literal(r))),
      },
      strict,
    ),
    declaredCompanyPhone: Pii('phone', 'Company phone declared on the application'),
    address: Type.String({ minLength: 1, maxLength: 256, description: 'Business address declared on the application' }),
    product: Type.Union(PRODUCTS.map((p) => Type.Literal(p))),
    requestedAmount: Money('Requested principal, CNY'),
    requestedTermMonths: Type.Integer({ minimum: 1, maximum: 360 }),
    channel: Type.Union(CHANNELS.map((c) => Type.Literal(c))),
    deviceId: Type.String({ minLength: 4, maxLength: 128, description: 'Device fingerprint' }),
    ip: Type.String({ format: 'ipv4' }),
    identity: IdentityVerification,
    bureauScore: Type.Union([Type.Integer({ minimum: 300, maximum: 950 }), Type.Null()], {
      description: 'Credit bureau score at application, null when the bureau has no file',
    }),
    enterprise: Type.Optional(EnterpriseProfile),
    guaranteedShare: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'Share of the principal covered by a third-party credit guarantee (a government guarantee fund, the SBA 7(a) guaranty), 0-1' }),
    ),
    lenderRegion: Type.Optional(
      Type.String({ maxLength: 32, description: 'Province / state of the lending branch; differs from enterprise.region for out-of-region lending' }),
    ),
    originatorId: Type.Optional(
      Id('Who originated the application: the lending branch, a co-lending bank or a channel partner. Its track record (volume, defaults of its earlier loans) is a model input'),
    ),
  },
  { ...strict, description: 'A loan application from an SME, with applicant, device and identity-verification signals' },
);
export type LoanApplication = Static<typeof LoanApplication>;
