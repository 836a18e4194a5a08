// Native ESM mode: NestJS 12 and jose are ESM-only, and jest's CommonJS mode cannot require them
// (see docs/decisions/0001-toolchain.md). Three levels, chosen by file name.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^#audit$': '<rootDir>/libs/audit/src/index.ts',
    '^#auth$': '<rootDir>/libs/auth/src/index.ts',
    '^#config$': '<rootDir>/libs/config/src/index.ts',
    '^#documents$': '<rootDir>/libs/documents/src/index.ts',
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#domain/testing$': '<rootDir>/libs/domain/src/testing/index.ts',
    '^#events$': '<rootDir>/libs/events/src/index.ts',
    '^#event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^#event-store/postgres$': '<rootDir>/libs/event-store/src/postgres/postgres-event-store.ts',
    '^#event-store/open$': '<rootDir>/libs/event-store/src/open-event-store.ts',
    '^#event-store/contract$': '<rootDir>/libs/event-store/src/contract.spec-suite.ts',
    '^#event-store/testing$': '<rootDir>/libs/event-store/test/support/postgres.ts',
    '^#jobs$': '<rootDir>/libs/jobs/src/index.ts',
    '^#jobs/redis$': '<rootDir>/libs/jobs/src/redis/index.ts',
    '^#projector$': '<rootDir>/libs/projector/src/index.ts',
    '^#read-models$': '<rootDir>/libs/read-models/src/index.ts',
    '^#read-models/testing$': '<rootDir>/libs/read-models/src/testing/index.ts',
    '^#testing$': '<rootDir>/libs/testing/src/index.ts',
  },
  transform,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts', '<rootDir>/bench'],
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['**/*.int-spec.ts'], slowTestThreshold: 60 },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'], slowTestThreshold: 60 },
  ],
};
