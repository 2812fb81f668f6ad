import { describe, expect, it } from 'vitest';
import { springCloudGatewayAdapter } from '../../src/adapters/spring-cloud-gateway.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const APPLICATION = `server:
  port: 8080
spring:
  application:
    name: edge
  cloud:
    gateway:
      globalcors:
        add-to-simple-url-handler-mapping: true
        cors-configurations:
          '[/**]':
            allowed-origins:
              - "https://shop.example.com/"
              - "https://ADMIN.example.com"
            allowedOriginPatterns: "https://*.shop.example.com, http://localhost:[*]"
            allowedMethods: "*"
            allowedHeaders: [Content-Type, Authorization]
            allowCredentials: true
            maxAge: 3600
      routes:
        - id: catalog
          uri: lb://catalog
          predicates: [Path=/catalog/**]
          metadata:
            cors:
              allowedOrigins: '*'
              allowCredentials: true
management:
  endpoints.web.exposure.include: health
`;

describe('spring-cloud-gateway adapter', () => {
  const [global, route] = policiesOf(springCloudGatewayAdapter, 'application.yml', APPLICATION);

  it('reads globalcors configurations and route metadata', () => {
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', APPLICATION)).toHaveLength(2);
    expect(global?.source).toBe("Spring Cloud Gateway globalcors '[/**]'");
    expect(route?.source).toBe('Spring Cloud Gateway route catalog');
    expect(at(global!.loc)).toEqual([12, 13]);
  });

  it('compares allowedOrigins ignoring case and a trailing slash, and compiles patterns', () => {
    expect(global?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://shop.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 13, column: 18 }),
      },
      {
        kind: 'exact',
        value: 'https://ADMIN.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 14, column: 18 }),
      },
      {
        kind: 'glob',
        value: 'https://*.shop.example.com',
        star: 'any',
        loc: expect.objectContaining({ line: 15, column: 37 }),
      },
      {
        kind: 'pattern',
        source: 'http://localhost(:\\d+)?',
        flags: '',
        dialect: 're2-full',
        loc: expect.objectContaining({ line: 15 }),
      },
    ]);
  });

  it('echoes * methods, always sends Vary and reads max-age in seconds', () => {
    expect(global?.allowMethods).toMatchObject({ kind: 'reflect', loc: { line: 16, column: 30 } });
    expect(global?.allowHeaders).toMatchObject({
      kind: 'list',
      items: [{ value: 'Content-Type' }, { value: 'Authorization' }],
    });
    expect(global?.vary).toEqual({ value: true, loc: global?.loc });
    expect(global?.maxAge).toMatchObject({ seconds: 3600, loc: { line: 19, column: 21 } });
    expect(global?.credentials).toMatchObject({ value: true, loc: { line: 18, column: 31 } });
  });

  it('keeps allowedOrigins * literal (Spring rejects it with credentials) and defaults methods to GET, HEAD', () => {
    expect(route?.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 26, column: 32 }) }]);
    expect(route?.credentials.value).toBe(true);
    expect(route?.allowMethods).toEqual({
      kind: 'list',
      items: [
        { value: 'GET', loc: route?.loc },
        { value: 'HEAD', loc: route?.loc },
      ],
      defaulted: true,
      loc: route?.loc,
    });
  });

  it('reads dotted keys, the server.webflux prefix, and reflects every origin for the * pattern', () => {
    const policy = onlyPolicy(
      springCloudGatewayAdapter,
      'application.yaml',
      `spring.cloud.gateway.server.webflux:
  globalcors:
    corsConfigurations:
      "[/api/**]":
        allowedOriginPatterns: "*"
        allowCredentials: "\${CORS_CREDENTIALS:true}"
        allowedOrigins: \${ALLOWED_ORIGINS}
`,
    );
    expect(policy.origins.map((origin) => origin.kind)).toEqual(['unknown', 'reflect-any']);
    expect(policy.credentials.value).toBe('unknown');
  });

  it('recognises only documents with Spring Cloud Gateway settings', () => {
    expect(
      detects(springCloudGatewayAdapter, 'application.yml', 'spring:\n  datasource:\n    url: jdbc:h2:mem:x\n'),
    ).toBe(false);
    expect(
      detects(springCloudGatewayAdapter, 'application.yml', 'spring:\n  cloud:\n    gateway:\n      routes: []\n'),
    ).toBe(true);
  });

  it('keeps a port list whole in a pattern list item, but splits a plain string at every comma as Spring Boot does', () => {
    const policy = onlyPolicy(
      springCloudGatewayAdapter,
      'application.yml',
      `spring:
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/**]':
            allowedOriginPatterns:
              - "https://*.example.com:[8080,8443]"
              - https://a.example.com, https://b.example.com
            allowCredentials: true
`,
    );
    expect(policy.origins).toEqual([
      {
        kind: 'pattern',
        source: 'https://.*\\.example\\.com:(8080|8443)',
        flags: '',
        dialect: 're2-full',
        loc: expect.objectContaining({ line: 8, column: 18, endColumn: 51 }),
      },
      {
        kind: 'exact',
        value: 'https://a.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 9, column: 17 }),
      },
      {
        kind: 'exact',
        value: 'https://b.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 9, column: 40 }),
      },
    ]);
    const scalar = onlyPolicy(
      springCloudGatewayAdapter,
      'application.yml',
      `spring.cloud.gateway:
  globalcors:
    cors-configurations:
      "[/**]":
        allowed-origin-patterns: "https://*.example.com:[8080,8443]"
`,
    );
    expect(scalar.origins).toMatchObject([
      { kind: 'glob', value: 'https://*.example.com:[8080', loc: { line: 5, column: 35 } },
      { kind: 'exact', value: '8443]', loc: { line: 5, column: 63 } },
    ]);
  });

  it('reads allowCredentials as Spring does: YAML 1.1 yes/on before binding, and the binder converting yes/on/1', () => {
    const global = (credentials: string): string => `spring:
  cloud:
    gateway:
      globalcors:
        corsConfigurations:
          '[/**]':
            allowedOriginPatterns: "*"
            allowCredentials: ${credentials}
`;
    const reflected = [['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 37]];
    expect(findingsOf('application.yml', global('yes'))).toEqual(reflected);
    expect(findingsOf('application.yml', global('"ON"'))).toEqual(reflected);
    expect(findingsOf('application.yml', global('"1"'))).toEqual(reflected);
    expect(findingsOf('application.yml', global('no'))).toEqual([]);
    expect(findingsOf('application.yml', global('"maybe"'))).toEqual([]);
    const properties = (credentials: string): string =>
      `spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origin-patterns=*\nspring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=${credentials}\n`;
    expect(findingsOf('application.properties', properties('yes'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 1, 83]]);
    expect(findingsOf('application.properties', properties('off'))).toEqual([]);
    const route = (credentials: string): string => `spring:
  cloud:
    gateway:
      routes:
        - id: web
          uri: http://web
          metadata:
            cors:
              allowedOriginPatterns: "*"
              allowCredentials: ${credentials}
`;
    // Route metadata is not bound: only a YAML boolean is one. A quoted "yes" stays a string, which the
    // gateway's listener fails to cast to Boolean, so no route CORS is installed at all.
    expect(findingsOf('application.yml', route('on'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 39]]);
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', route('"yes"'))).toEqual([]);
  });

  it('splits a route metadata pattern string only outside port lists: the gateway passes it to CorsConfiguration unbound', () => {
    const route = `spring:
  cloud:
    gateway:
      routes:
        - id: web
          uri: http://web
          predicates: [Path=/web/**]
          metadata:
            cors:
              allowedOriginPatterns: "https://*.example.org:[8080,8443], http://*"
              allowCredentials: true
`;
    expect(onlyPolicy(springCloudGatewayAdapter, 'application.yml', route).origins).toMatchObject([
      { kind: 'pattern', source: 'https://.*\\.example\\.org:(8080|8443)', loc: { line: 10, column: 39 } },
      { kind: 'glob', value: 'http://*', loc: { line: 10, column: 74 } },
    ]);
    expect(findingsOf('application.yml', route)).toEqual([
      ['no-permissive-origin-pattern', 'wildcardSpansDomain', 10, 74],
      ['no-insecure-origin', 'insecureOriginMatchedWithCredentials', 10, 74],
    ]);
  });

  it('hands a route metadata string to the method and header setters as one item, as the gateway listener does', () => {
    const route = `spring:
  cloud:
    gateway:
      routes:
        - id: users
          uri: lb://users
          metadata:
            cors:
              allowedOrigins: https://app.example.com, https://admin.example.com
              allowedMethods: GET,POST
              allowedHeaders: "Content-Type, Authorization"
              allowPrivateNetwork: true
`;
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.yml', route);
    // setAllowedOrigins splits at commas itself; setAllowedMethods and setAllowedHeaders do not.
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 9, 31],
      ['exact', 9, 56],
    ]);
    expect(policy.allowMethods).toMatchObject({ kind: 'list', items: [{ value: 'GET,POST', loc: { line: 10, column: 31 } }] });
    expect(policy.allowHeaders).toMatchObject({ kind: 'list', items: [{ value: 'Content-Type, Authorization', loc: { line: 11, column: 31 } }] });
    // The listener reads no allowPrivateNetwork from route metadata.
    expect(policy.allowPrivateNetwork).toBeUndefined();
  });

  it('takes route metadata list items written as indexed property keys in order', () => {
    const properties = [
      'spring.cloud.gateway.routes[0].id=orders',
      'spring.cloud.gateway.routes[0].uri=lb://orders',
      'spring.cloud.gateway.routes[0].metadata.cors.allowedOrigins[0]=https://shop.example.com',
      'spring.cloud.gateway.routes[0].metadata.cors.allowedOrigins[1]=null',
      'spring.cloud.gateway.routes[0].metadata.cors.allowedMethods[0]=GET',
      'spring.cloud.gateway.routes[0].metadata.cors.allowedMethods[1]=PUT',
      '',
    ].join('\n');
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.properties', properties);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 3, 64],
      ['null', 4, 64],
    ]);
    expect(policy.allowMethods).toMatchObject({ kind: 'list', items: [{ value: 'GET', loc: { line: 5, column: 64 } }, { value: 'PUT', loc: { line: 6, column: 64 } }] });
  });

  it('installs no route metadata CORS when one route gives allowCredentials or maxAge as text, which the listener cannot cast', () => {
    const routes = (credentials: string, maxAge: string): string => `spring:
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/**]':
            allowedOriginPatterns: "*"
            allowCredentials: true
      routes:
        - id: orders
          uri: lb://orders
          metadata:
            cors:
              allowedOriginPatterns: "*"
              allowCredentials: ${credentials}
        - id: catalog
          uri: lb://catalog
          metadata:
            cors:
              allowedOrigins: https://shop.example.com
              maxAge: ${maxAge}
          filters:
            - AddResponseHeader=Access-Control-Allow-Origin, *
            - AddResponseHeader=Access-Control-Allow-Credentials, true
`;
    expect(findingsOf('application.yml', routes('true', '600'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 37],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 39],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 23, 62],
    ]);
    // The global configuration and the header filters stay: only route metadata is lost.
    const withoutRoutes = [
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 37],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 23, 62],
    ];
    expect(findingsOf('application.yml', routes('"true"', '600'))).toEqual(withoutRoutes);
    expect(findingsOf('application.yml', routes('${CORS_CREDENTIALS:true}', '600'))).toEqual(withoutRoutes);
    expect(findingsOf('application.yml', routes('true', '"600"'))).toEqual(withoutRoutes);
    expect(findingsOf('application.yml', routes('true', '30m'))).toEqual(withoutRoutes);
  });

  it('reads a dotted key that runs past the gateway prefix (spring.cloud.gateway.globalcors:)', () => {
    const policies = policiesOf(
      springCloudGatewayAdapter,
      'application.yml',
      `spring.cloud.gateway.globalcors:
  cors-configurations:
    "[/**]":
      allowed-origin-patterns: "*"
      allow-credentials: true
spring.cloud.gateway.routes:
  - id: orders
    uri: lb://orders
    metadata:
      cors:
        allowedOrigins: https://shop.example.com
`,
    );
    expect(policies.map((policy) => policy.source)).toEqual([
      'Spring Cloud Gateway globalcors "[/**]"',
      'Spring Cloud Gateway route orders',
    ]);
    expect(policies[0]?.origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 4, column: 33 }) },
    ]);
  });

  it('reads route metadata cors of Spring Cloud Gateway Server MVC, under both of its prefixes', () => {
    const webmvc = `spring:
  cloud:
    gateway:
      server:
        webmvc:
          routes:
            - id: api
              uri: http://api.internal:9000
              predicates:
                - Path=/api/**
              metadata:
                cors:
                  allowedOriginPatterns: '*'
                  allowCredentials: true
`;
    expect(findingsOf('application.yml', webmvc)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 13, 43],
    ]);
    const mvc = `spring.cloud.gateway.mvc:
  routes:
    - id: api
      uri: http://api.internal:9000
      metadata:
        cors:
          allowedOrigins: https://app.example.com
          allowedMethods: [GET, POST]
          allowCredentials: true
`;
    expect(findingsOf('application.yml', mvc)).toEqual([]);
    expect(onlyPolicy(springCloudGatewayAdapter, 'application.yml', mvc).origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 7, column: 27 }),
      },
    ]);
  });

  it('leaves out a globalcors pattern written without brackets, which Spring Boot binds with its / and * removed', () => {
    const yaml = (key: string): string =>
      `spring:\n  cloud:\n    gateway:\n      globalcors:\n        cors-configurations:\n          ${key}:\n            allowedOriginPatterns: "*"\n            allowCredentials: true\n`;
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', yaml('/**'))).toEqual([]);
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', yaml('"/api/**"'))).toEqual([]);
    expect(findingsOf('application.yml', yaml("'[/**]'"))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 37]]);
    const properties = (key: string): string =>
      `spring.cloud.gateway.globalcors.cors-configurations.${key}.allowed-origin-patterns=*\nspring.cloud.gateway.globalcors.cors-configurations.${key}.allow-credentials=true\n`;
    expect(policiesOf(springCloudGatewayAdapter, 'application.properties', properties('/**'))).toEqual([]);
    expect(findingsOf('application.properties', properties('[/**]'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 1, 83],
    ]);
  });

  it('gathers globalcors settings written as flat property keys into one configuration per path pattern', () => {
    const profiles = `spring:
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/api/**]':
            allowed-origins: https://app.example.com
---
spring.config.activate.on-profile: dev
spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins: "*"
spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials: true
spring.cloud.gateway.globalcors.cors-configurations.[/v1.0/**].allowed-origin-patterns: https://*.example.com
`;
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', profiles).map((policy) => policy.source)).toEqual([
      "Spring Cloud Gateway globalcors '[/api/**]'",
      'Spring Cloud Gateway globalcors [/**]',
      'Spring Cloud Gateway globalcors [/v1.0/**]',
    ]);
    expect(findingsOf('application.yml', profiles)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 10, 77],
    ]);
  });
});

describe('spring-cloud-gateway in application.properties', () => {
  const PROPERTIES = [
    'server.port=8080',
    'spring.application.name=edge-gateway',
    '# CORS for the storefront',
    'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins=https://shop.example.com,\\',
    '    http://partner.example.net',
    'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-methods = GET,POST,PUT',
    'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-headers: *',
    'spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=true',
    'spring.cloud.gateway.globalcors.cors-configurations.[/**].max-age=86400',
    'spring.cloud.gateway.routes[0].id=orders',
    'spring.cloud.gateway.routes[0].uri=lb://orders',
    'spring.cloud.gateway.routes[0].metadata.cors.allowedOriginPatterns=*',
    'spring.cloud.gateway.routes[1].id=catalog',
    'spring.cloud.gateway.routes[1].uri=lb://catalog',
    'spring.cloud.gateway.routes[0].metadata.cors.allowCredentials=true',
    '',
  ].join('\n');

  it('reads globalcors settings and indexed routes, each at its own place', () => {
    const withoutCredentials = PROPERTIES.replace('spring.cloud.gateway.routes[0].metadata.cors.allowCredentials=true\n', '');
    const [global, orders, ...rest] = policiesOf(springCloudGatewayAdapter, 'application.properties', withoutCredentials);
    expect(rest).toEqual([]);
    expect(global?.source).toBe('Spring Cloud Gateway globalcors [/**]');
    expect(global?.credentials.value).toBe(true);
    expect(orders?.source).toBe('Spring Cloud Gateway route orders');
    expect(orders?.credentials.value).toBe(false);
    expect(orders?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['reflect-any', 12, 68]]);
  });

  it('installs no route metadata when a property gives allowCredentials or maxAge as text, which the gateway cannot cast', () => {
    // Every .properties value is a String: CorsGatewayFilterApplicationListener's (Boolean) cast throws.
    expect(policiesOf(springCloudGatewayAdapter, 'application.properties', PROPERTIES).map((policy) => policy.source)).toEqual([
      'Spring Cloud Gateway globalcors [/**]',
    ]);
    const maxAge = 'spring.cloud.gateway.routes[0].id=orders\nspring.cloud.gateway.routes[0].metadata.cors.allowedOrigins=*\nspring.cloud.gateway.routes[0].metadata.cors.maxAge=30\n';
    expect(policiesOf(springCloudGatewayAdapter, 'application.properties', maxAge)).toEqual([]);
  });

  it('reports on the property lines, and takes the rest of a continued line as the same value, at its own line', () => {
    expect(findingsOf('application-prod.properties', PROPERTIES)).toEqual([
      ['no-insecure-origin', 'insecureOriginWithCredentials', 5, 5],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 9, 67],
    ]);
  });

  it('honours suppressions in comment lines, and finds nothing in a properties file without gateway keys', () => {
    const suppressed = [
      '! corsguard-disable-next-line max-age-within-browser-cap -- preflights are cached on purpose',
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].max-age=86400',
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins=https://shop.example.com',
    ].join('\n');
    expect(findingsOf('application.properties', suppressed)).toEqual([]);
    expect(detects(springCloudGatewayAdapter, 'application.properties', 'server.port=8080\nlogging.level.root=INFO\n')).toBe(false);
  });

  it('leaves out origin patterns beside an allowed-origins *, which checkOrigin answers before trying them', () => {
    const prefix = 'spring.cloud.gateway.server.webflux.globalcors.cors-configurations.[/**].';
    const both = [
      `${prefix}allowed-origins=*`,
      `${prefix}allowed-origin-patterns=*`,
      `${prefix}allowed-methods=GET,POST`,
      `${prefix}allow-credentials=true`,
      '',
    ].join('\n');
    expect(onlyPolicy(springCloudGatewayAdapter, 'application.properties', both).origins.map((origin) => origin.kind)).toEqual(['any']);
    expect(findingsOf('application.properties', both)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 1, 90]]);
    // Beside an exact origin, the patterns are tried for every other origin.
    const exact = both.replace('allowed-origins=*', 'allowed-origins=https://shop.example.com');
    expect(findingsOf('application.properties', exact)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 2, 98]]);
  });
});

describe('spring-cloud-gateway adapter: indexed list keys', () => {
  it('binds globalcors list settings written as indexed property keys, each item at its own line', () => {
    const properties = [
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins[0]=https://shop.example.com',
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins[1]=*',
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-methods[0]=GET',
      'spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=true',
    ].join('\n');
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.properties', properties);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 1, 78],
      ['any', 2, 78],
    ]);
    expect(policy.allowMethods).toMatchObject({ kind: 'list', items: [{ value: 'GET' }] });
    expect(findingsOf('application.properties', properties)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 2, 78]]);
  });

  it('reads a path pattern written right after cors-configurations, without a dot, as Spring Boot does', () => {
    const properties = [
      'spring.cloud.gateway.globalcors.cors-configurations[/v1.0/**].allowed-origins=*',
      'spring.cloud.gateway.globalcors.cors-configurations[/v1.0/**].allow-credentials=true',
      'spring.cloud.gateway.server.webflux.globalcors.cors-configurations[/**].allowed-origin-patterns[0]=*',
      'spring.cloud.gateway.server.webflux.globalcors.cors-configurations[/**].allow-credentials=true',
    ].join('\n');
    expect(policiesOf(springCloudGatewayAdapter, 'application.properties', properties).map((policy) => policy.source)).toEqual([
      'Spring Cloud Gateway globalcors [/v1.0/**]',
      'Spring Cloud Gateway globalcors [/**]',
    ]);
    expect(findingsOf('application.properties', properties)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 1, 79],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 3, 100],
    ]);
  });
});

describe('spring-cloud-gateway adapter: Spring Boot Actuator management.endpoints.web.cors', () => {
  const ACTUATOR = `spring:
  application:
    name: orders-service
server:
  port: 8080
management:
  server:
    port: 8081
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
      cors:
        allowed-origin-patterns: "*"
        allowed-methods: GET,POST
        allow-credentials: true
        max-age: 24h
`;

  it('reads the Actuator CORS with Spring semantics: patterns echo, max-age is a Duration', () => {
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.yml', ACTUATOR);
    expect(policy.source).toBe('Spring Boot Actuator management.endpoints.web.cors');
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['reflect-any', 14, 35]]);
    expect(policy.allowMethods).toMatchObject({ kind: 'list', items: [{ value: 'GET' }, { value: 'POST' }] });
    expect(policy.allowHeaders).toBeUndefined();
    expect(policy.maxAge).toMatchObject({ kind: 'value', seconds: 86400, raw: '24h', loc: { line: 17, column: 18 } });
    expect(policy.vary.value).toBe(true);
    expect(policy.preflight.handling).toBe('answered');
    expect(findingsOf('application.yml', ACTUATOR)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 35],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 17, 18],
    ]);
  });

  it("applies Spring Boot's defaults: GET and HEAD, no credentials, max-age 1800 seconds", () => {
    const text = 'management:\n  endpoints:\n    web:\n      cors:\n        allowed-origins: https://admin.example.com\n';
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.yml', text);
    expect(policy.allowMethods).toMatchObject({ kind: 'list', items: [{ value: 'GET' }, { value: 'HEAD' }] });
    expect(policy.credentials).toEqual({ value: false, loc: policy.loc });
    expect(policy.maxAge).toEqual({ kind: 'value', seconds: 1800, raw: '1800', loc: policy.loc });
    expect(findingsOf('application.yml', text)).toEqual([]);
  });

  it('reads max-age as Spring Boot binds a Duration; text it cannot bind is unknown', () => {
    const seconds = (value: string): unknown =>
      onlyPolicy(springCloudGatewayAdapter, 'application.properties', `management.endpoints.web.cors.allowed-origins=https://a.example.com\nmanagement.endpoints.web.cors.max-age=${value}\n`).maxAge;
    expect(seconds('3600')).toMatchObject({ kind: 'value', seconds: 3600 });
    expect(seconds('30m')).toMatchObject({ kind: 'value', seconds: 1800 });
    expect(seconds('2H')).toMatchObject({ kind: 'value', seconds: 7200 });
    expect(seconds('1d')).toMatchObject({ kind: 'value', seconds: 86400 });
    expect(seconds('1500ms')).toMatchObject({ kind: 'value', seconds: 1 });
    expect(seconds('PT1H30M')).toMatchObject({ kind: 'value', seconds: 5400 });
    expect(seconds('-1')).toMatchObject({ kind: 'value', seconds: -1 });
    expect(seconds('ten minutes')).toMatchObject({ kind: 'unknown' });
    expect(seconds('${CORS_MAX_AGE:600}')).toMatchObject({ kind: 'unknown' });
  });

  it('leaves CORS off without allowed-origins or allowed-origin-patterns', () => {
    const off = 'management:\n  endpoints:\n    web:\n      cors:\n        allowed-methods: "*"\n        allow-credentials: true\n        max-age: 86400\n';
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', off)).toEqual([]);
    expect(findingsOf('application.yml', off)).toEqual([]);
    const empty = 'management.endpoints.web.cors.allowed-origins=\nmanagement.endpoints.web.cors.max-age=86400\n';
    expect(policiesOf(springCloudGatewayAdapter, 'application.properties', empty)).toEqual([]);
    // An origin from the environment may turn it on: the policy is there, its origins unknown.
    const fromEnvironment = 'management.endpoints.web.cors.allowed-origins=${ACTUATOR_ORIGINS:}\nmanagement.endpoints.web.cors.allow-credentials=true\n';
    expect(onlyPolicy(springCloudGatewayAdapter, 'application.properties', fromEnvironment).origins.map((origin) => origin.kind)).toEqual(['unknown']);
    expect(findingsOf('application.properties', fromEnvironment)).toEqual([]);
  });

  it('reads flat and indexed property keys, each item at its own line', () => {
    const properties = [
      'spring.application.name=billing',
      'management.endpoints.web.exposure.include=*',
      'management.endpoints.web.cors.allowed-origins[0]=http://localhost:3000',
      'management.endpoints.web.cors.allowed-origins[1]=*',
      'management.endpoints.web.cors.allow-credentials=true',
    ].join('\n');
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application-dev.properties', properties);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 3, 50],
      ['any', 4, 50],
    ]);
    expect(findingsOf('application-dev.properties', properties)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 50],
    ]);
  });

  it('reads spring.graphql.cors, which Spring Boot binds and defaults the same way', () => {
    const text = 'spring:\n  graphql:\n    path: /graphql\n    cors:\n      allowed-origins: "*"\n      allowed-methods: GET,POST\n      allow-credentials: true\n';
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.yml', text);
    expect(policy.source).toBe('Spring for GraphQL spring.graphql.cors');
    expect(policy.maxAge).toEqual({ kind: 'value', seconds: 1800, raw: '1800', loc: policy.loc });
    expect(findingsOf('application.yml', text)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 5, 25]]);
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', text.replace('      allowed-origins: "*"\n', ''))).toEqual([]);
  });

  it('recognises documents with Actuator CORS settings', () => {
    expect(detects(springCloudGatewayAdapter, 'application.properties', 'management.endpoints.web.cors.allowed-origins=https://a.example.com\n')).toBe(true);
    expect(detects(springCloudGatewayAdapter, 'application.properties', 'management.endpoints.web.exposure.include=*\n')).toBe(false);
  });
});

describe('spring-cloud-gateway adapter: JHipster jhipster.cors', () => {
  const PROD = `jhipster:
  cors:
    allowed-origin-patterns: '*'
    allowed-methods: '*'
    allowed-headers: '*'
    exposed-headers: 'Authorization,Link,X-Total-Count'
    allow-credentials: true
    max-age: 86400
`;

  it('reads jhipster.cors as the CorsConfiguration it binds: patterns echo, * lists echo, max-age in seconds', () => {
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application-prod.yml', PROD);
    expect(policy.source).toBe('JHipster jhipster.cors');
    expect(policy.allowMethods?.kind).toBe('reflect');
    expect(policy.allowHeaders?.kind).toBe('reflect');
    expect(findingsOf('application-prod.yml', PROD)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 3, 31],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 8, 14],
    ]);
  });

  it('sends no Max-Age unless set, and stays off without origins', () => {
    const policy = onlyPolicy(springCloudGatewayAdapter, 'application.yml', PROD.replace('    max-age: 86400\n', ''));
    expect(policy.maxAge).toBeUndefined();
    expect(policiesOf(springCloudGatewayAdapter, 'application.yml', PROD.replace("    allowed-origin-patterns: '*'\n", ''))).toEqual([]);
  });
});

describe('spring-cloud-gateway adapter: CORS headers set by filters', () => {
  const DEFAULTS = `spring:
  cloud:
    gateway:
      default-filters:
        - AddResponseHeader=Access-Control-Allow-Origin, *
        - AddResponseHeader=Access-Control-Allow-Methods, *
        - AddResponseHeader=Access-Control-Allow-Credentials, true
      routes:
        - id: auth
          uri: lb://auth-service
          predicates:
            - Path=/api/auth/**
        - id: dogs
          uri: http://dogs:8081
          filters:
            - AddResponseHeader=Access-Control-Allow-Origin, https://dogs.example.com
            - name: AddResponseHeader
              args:
                name: Access-Control-Expose-Headers
                value: X-Total-Count
`;

  it('reads default-filters headers as raw headers every route sends', () => {
    const [defaults, dogs, ...rest] = policiesOf(springCloudGatewayAdapter, 'application.yml', DEFAULTS);
    expect(rest).toEqual([]);
    expect(defaults?.source).toBe('Spring Cloud Gateway default-filters');
    expect(defaults?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['any', 5, 58]]);
    expect(defaults?.preflight.handling).toBe('unknown');
    expect(findingsOf('application.yml', DEFAULTS)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 5, 58],
      ['no-wildcard-lists-with-credentials', 'wildcardMethods', 6, 59],
    ]);
    // The route adds a second Allow-Origin to the default one: which reaches the browser is unknown.
    expect(dogs?.source).toBe('Spring Cloud Gateway route dogs filters');
    expect(dogs?.origins.map((origin) => origin.kind)).toEqual(['unknown']);
    expect(dogs?.exposeHeaders).toMatchObject({ kind: 'list', items: [{ value: 'X-Total-Count' }] });
  });

  it('takes a header deduplicated, removed, computed, comma-split or not overriding as unknown', () => {
    const route = (filters: string[]): string =>
      `spring:\n  cloud:\n    gateway:\n      routes:\n        - id: r\n          uri: http://r\n          filters:\n${filters.map((filter) => `            - ${filter}\n`).join('')}`;
    const credentials = 'AddResponseHeader=Access-Control-Allow-Credentials, true';
    expect(findingsOf('application.yml', route(['AddResponseHeader=Access-Control-Allow-Origin, *', credentials]))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 8, 62],
    ]);
    for (const unknown of [
      ['DedupeResponseHeader=Access-Control-Allow-Origin, RETAIN_LAST', 'AddResponseHeader=Access-Control-Allow-Origin, *', credentials],
      ['RemoveResponseHeader=Access-Control-Allow-Origin', 'AddResponseHeader=Access-Control-Allow-Origin, *', credentials],
      ['AddResponseHeader=Access-Control-Allow-Origin, *, false', credentials],
      ['AddResponseHeader=Access-Control-Allow-Origin, {origin}', credentials],
      ['SetResponseHeader=Access-Control-Allow-Origin, *', 'AddResponseHeader=Access-Control-Allow-Origin, *', credentials],
    ]) {
      expect(findingsOf('application.yml', route(unknown)), unknown[0]).toEqual([]);
    }
    const commaValue = onlyPolicy(springCloudGatewayAdapter, 'application.yml', route(['AddResponseHeader=Access-Control-Allow-Methods,GET,POST,PUT']));
    expect(commaValue.allowMethods?.kind).toBe('unknown');
  });

  it('reads route filters written as indexed property keys, and leaves preflight headers to globalcors where it is set', () => {
    const properties = [
      'spring.cloud.gateway.routes[0].id=superset',
      'spring.cloud.gateway.routes[0].uri=http://superset:8088',
      'spring.cloud.gateway.routes[0].filters[0]=StripPrefix=1',
      'spring.cloud.gateway.routes[0].filters[1]=AddResponseHeader=Access-Control-Allow-Origin, *',
      'spring.cloud.gateway.routes[0].filters[2]=AddResponseHeader=Access-Control-Allow-Credentials, true',
      'spring.cloud.gateway.routes[0].filters[3]=AddResponseHeader=Access-Control-Max-Age, 86400',
    ].join('\n');
    expect(findingsOf('application.properties', properties)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 90],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 6, 85],
    ]);
    const withGlobalCors = `${properties}\nspring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origins=https://app.example.com`;
    expect(findingsOf('application.properties', withGlobalCors)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 90]]);
  });

  it('reads quoted setting keys by their value, as Spring Boot binds them', () => {
    const yaml = `spring:
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/**]':
            "allowed-origins": "*"
            "allow-credentials": true
`;
    expect(findingsOf('application.yml', yaml)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 33]]);
  });

});

describe('spring-cloud-gateway adapter: profile documents of a multi-document application.yml', () => {
  const base = `spring:
  application:
    name: gateway
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/**]':
            allowed-origin-patterns: "*"
            allowed-methods:
              - GET
              - POST
`;

  it('binds a profile document over the unconditional documents before it, setting by setting', () => {
    const prod = `---
spring:
  config:
    activate:
      on-profile: prod
  cloud:
    gateway:
      globalcors:
        cors-configurations:
          '[/**]':
            allow-credentials: true
`;
    expect(findingsOf('application.yml', base + prod)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 39]]);
    // The older spring.profiles condition works the same way.
    expect(findingsOf('application.yml', `${base}---\nspring.profiles: prod\nspring.cloud.gateway.globalcors.cors-configurations.[/**].allowCredentials: true\n`)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 39],
    ]);
  });

  it('takes a setting or a whole list from the profile document where it sets one', () => {
    const prod = `---
spring.config.activate.on-profile: prod
spring.cloud.gateway.globalcors.cors-configurations:
  '[/**]':
    allowed-origin-patterns:
      - "https://app.example.com"
    allow-credentials: true
`;
    expect(findingsOf('application.yml', base + prod)).toEqual([]);
    const policies = policiesOf(springCloudGatewayAdapter, 'application.yml', base + prod);
    expect(policies.map((policy) => [policy.origins.map((origin) => origin.kind), policy.credentials.value, policy.allowMethods?.kind === 'list' ? policy.allowMethods.items.map((item) => item.value) : undefined])).toEqual([
      [['reflect-any'], false, ['GET', 'POST']],
      [['exact'], true, ['GET', 'POST']],
    ]);
  });

  it('does not lay one document over another without a profile condition, nor a profile document over a later one', () => {
    // spring.profiles.active chooses profiles: it is no condition, so the second document is read alone.
    const second = `---
spring:
  profiles:
    active: dev
  cloud.gateway.globalcors.cors-configurations:
    '[/**]':
      allow-credentials: true
`;
    expect(findingsOf('application.yml', base + second)).toEqual([]);
    const first = `spring.config.activate.on-profile: dev\nspring.cloud.gateway.globalcors.cors-configurations:\n  '[/**]':\n    allow-credentials: true\n---\n`;
    expect(findingsOf('application.yml', first + base)).toEqual([]);
  });

  it('lays profile documents over Spring Boot CORS groups too', () => {
    const text = `jhipster:
  cors:
    allowed-origin-patterns: "*"
---
spring:
  config:
    activate:
      on-profile: dev
jhipster:
  cors:
    allow-credentials: true
    max-age: 1800
`;
    expect(findingsOf('application.yml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 3, 31]]);
  });
});

describe('spring-cloud-gateway adapter: documents of an application.properties split by #---', () => {
  const properties = `spring.application.name=gateway
spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origin-patterns=*
spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=true
#---
spring.config.activate.on-profile=prod
spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origin-patterns=https://app.example.com
`;

  it('reads each document on its own, so a profile document does not hide the defaults it overrides', () => {
    expect(findingsOf('application.properties', properties)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 2, 83]]);
    const policies = policiesOf(springCloudGatewayAdapter, 'application.properties', properties);
    expect(policies.map((policy) => [policy.origins.map((origin) => origin.kind), policy.credentials.value])).toEqual([
      [['reflect-any'], true],
      [['exact'], true],
    ]);
  });

  it('lays a profile document over the unconditional documents before it, and reads a file without separators whole', () => {
    const overlay = `spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origin-patterns=*
!---
spring.config.activate.on-profile=dev
spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=true
`;
    expect(findingsOf('application.properties', overlay)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 1, 83]]);
    // Without a separator the later line of a repeated key wins, as java.util.Properties keeps it.
    expect(findingsOf('application.properties', properties.replace('#---\n', '# ---\n'))).toEqual([]);
  });
});
