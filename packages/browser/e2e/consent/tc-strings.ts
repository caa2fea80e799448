import * as core from '@iabtechlabtcf/core';

/** The CMP id and version the test CMP registers with (any integer from 2 is valid to IAB's CmpApi). */
export const TEST_CMP = { id: 10, version: 1 };

/** Awin's Global Vendor List id: a vendor that is in the list (AvantLink and Aflite are not). */
export const AWIN_VENDOR_ID = 907;

const purpose = (id: number, name: string) => ({ id, name, description: name, illustrations: [] });

/**
 * A minimal Global Vendor List, offline: the purposes the tests consent to and one vendor. Enough for
 * @iabtechlabtcf/core to encode a TC string, which IAB's own CmpApi then decodes in the page.
 */
function vendorList() {
  return new core.GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 1,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-12-01T00:00:00Z',
    purposes: { 1: purpose(1, 'Store and/or access information on a device'), 2: purpose(2, 'Basic ads') },
    specialPurposes: {},
    features: {},
    specialFeatures: {},
    stacks: {},
    dataCategories: {},
    vendors: {
      [AWIN_VENDOR_ID]: {
        id: AWIN_VENDOR_ID,
        name: 'Awin AG',
        purposes: [1],
        legIntPurposes: [],
        flexiblePurposes: [],
        specialPurposes: [],
        features: [],
        specialFeatures: [],
        policyUrl: 'https://example.org/privacy',
        usesCookies: true,
        cookieMaxAgeSeconds: 2592000,
        cookieRefresh: false,
        usesNonCookieAccess: false,
        deviceStorageDisclosureUrl: 'https://example.org/disclosure.json',
      },
    },
  } as unknown as ConstructorParameters<typeof core.GVL>[0]);
}

/** A TC string with purpose 1 (store and access) consented or not, and the given vendors consented. */
export function tcString({ purpose1, vendors = [] }: { purpose1: boolean; vendors?: number[] }): string {
  const model = new core.TCModel(vendorList());
  model.cmpId = TEST_CMP.id;
  model.cmpVersion = TEST_CMP.version;
  model.consentScreen = 1;
  if (purpose1) model.purposeConsents.set(1);
  model.purposeConsents.set(2);
  for (const vendor of vendors) model.vendorConsents.set(vendor);
  return core.TCString.encode(model);
}
