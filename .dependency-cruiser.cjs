/**
 * The layer rules of docs/architecture.md, checked on every `npm test`
 * (test/architecture/layers.test.ts) and by `npm run layers`.
 *
 * Type-only imports count like any other: a layer that names another's types depends on it.
 * Cycles are refused when every import in them runs (a type-only edge breaks a cycle).
 */

/** Node built-ins that do I/O: code that must stay pure may not import them. */
const IO_BUILTINS = '^(node:)?(fs|fs/promises|child_process|net|http|https|http2|dgram|dns|os|worker_threads|cluster|readline|tls|process)$';
/** Packages that tie code to AWS or to Lambda. */
const AWS_PACKAGES = '^(@aws-sdk|@smithy|@aws-lambda-powertools|@middy|aws-lambda|aws-cdk-lib|constructs|cdk-nag)(/|$)';

const DOMAIN = '^shared/domain/';
const PORTS = '^shared/ports/';
const APP = '^shared/app/';
const ADAPTERS = '^shared/adapters/';
const CONFIG = '^shared/config/';
const HTTP = '^shared/http/';
/** Declarations shared by the stack and the functions: resource shapes, names, metrics. */
const RESOURCES = '^shared/(resources|metrics)\\.ts$';

/** Everything under shared/ except the layers named (a regular expression over paths). */
const sharedExcept = (...allowed) => `^shared/(?!${allowed.map((a) => a.replace(/^\^shared\//, '')).join('|')})`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment: 'Modules that import each other at run time: untangle them (a type-only import breaks a cycle).',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain imports only shared/domain and pure libraries: no I/O, no AWS, no ports, no resources.',
      from: { path: DOMAIN },
      to: { pathNot: [DOMAIN, '^node_modules/'], dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'pure-layers-do-no-io',
      severity: 'error',
      comment: 'The domain, the ports and the use cases reach the world only through ports: no file, network or process module.',
      from: { path: [DOMAIN, PORTS, APP] },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'pure-layers-know-no-aws',
      severity: 'error',
      comment: 'AWS SDK clients, Powertools and Lambda types belong in adapters and functions.',
      from: { path: [DOMAIN, PORTS, APP] },
      to: { path: AWS_PACKAGES },
    },
    {
      name: 'ports-import-domain',
      severity: 'error',
      from: { path: PORTS },
      to: { path: sharedExcept(DOMAIN, PORTS) },
    },
    {
      name: 'use-cases-import-domain-and-ports',
      severity: 'error',
      comment: 'Use cases take ports; adapters, configuration, resources and HTTP are wired in by the functions.',
      from: { path: APP },
      to: { path: sharedExcept(DOMAIN, PORTS, APP) },
    },
    {
      name: 'adapters-do-not-import-use-cases',
      severity: 'error',
      comment: 'Adapters implement ports: they import domain, ports, resources and the AWS SDK.',
      from: { path: ADAPTERS },
      to: { path: sharedExcept(DOMAIN, PORTS, ADAPTERS, 'resources\\.ts$', 'metrics\\.ts$') },
    },
    {
      name: 'config-imports-domain-and-resources',
      severity: 'error',
      from: { path: CONFIG },
      to: { path: sharedExcept(DOMAIN, CONFIG, 'resources\\.ts$') },
    },
    {
      name: 'http-maps-use-case-failures',
      severity: 'error',
      comment: 'shared/http turns domain failures and use-case results into responses.',
      from: { path: HTTP },
      to: { path: sharedExcept(DOMAIN, APP, HTTP) },
    },
    {
      name: 'resources-are-declarations',
      severity: 'error',
      comment: 'resources.ts and metrics.ts are read by the stack and the functions alike: they import only the domain.',
      from: { path: RESOURCES },
      to: { path: sharedExcept(DOMAIN, 'resources\\.ts$', 'metrics\\.ts$') },
    },
    {
      name: 'shared-is-below-its-users',
      severity: 'error',
      comment: 'shared/ is used by functions, the stack and the CLI; it never imports them.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|cli|scripts|bin|test)/' },
    },
    {
      name: 'functions-import-shared',
      severity: 'error',
      comment: 'A Lambda bundle holds functions/ and shared/ only.',
      from: { path: '^functions/' },
      to: { path: '^(cli|infra|scripts|bin|test)/' },
    },
    {
      name: 'infra-imports-declarations',
      severity: 'error',
      comment: 'The stack reads resources, configuration and the domain (config schemas); functions are named by entry path, never imported.',
      from: { path: '^infra/' },
      to: { path: ['^(functions|cli|scripts|bin|test)/', sharedExcept(DOMAIN, CONFIG, 'resources\\.ts$', 'metrics\\.ts$')] },
    },
    {
      name: 'web-imports-the-contract-and-its-libraries',
      severity: 'error',
      comment: 'The dashboard page (web/) runs in the browser: it shares only the dashboard and topics contracts with the API, and uses zod, preact and uplot.',
      from: { path: '^web/', pathNot: '^web/vite\\.config\\.ts$' },
      to: { pathNot: ['^web/', '^shared/domain/(dashboard|topics)/contract\\.ts$', '(^|/)node_modules/(zod|preact|uplot)/'] },
    },
    {
      name: 'nothing-imports-web',
      severity: 'error',
      comment: 'The page is built by Vite and served as files; no function, construct or command imports it.',
      from: { pathNot: '^(web|test)/' },
      to: { path: '^web/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // web/dist (and web/.dist-* while npm start builds) hold the page's bundles, not its sources.
    exclude: { path: '^(node_modules|cdk\\.out|\\.local|web/dist|web/\\.dist-[^/]*)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
