import { describe, expect, it } from '@jest/globals';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { MemoryTree } from '../../../src/core/change-source.js';
import type { Route } from '../../../src/core/routes/types.js';

const endpoints = (routes: readonly Route[]): string[] => routes.map((route) => `${route.method} ${route.path}${route.partial ? ' (partial)' : ''}`);

const POM = '<project><dependencies><dependency><artifactId>spring-boot-starter-data-rest</artifactId></dependency></dependencies></project>\n';
const PROPERTIES = 'spring.data.rest.base-path=/api\nspring.data.rest.detection-strategy=ANNOTATED\n';
const DAO = 'src/main/java/com/code/shop/dao/';
const CONFIG = 'src/main/java/com/code/shop/config/MyDataRestConfig.java';

const repository = (name: string, domain: string, annotation: string, body = '') =>
  [
    'package com.code.shop.dao;',
    '',
    'import org.springframework.data.jpa.repository.JpaRepository;',
    'import org.springframework.data.rest.core.annotation.RepositoryRestResource;',
    '',
    annotation,
    `public interface ${name} extends JpaRepository<${domain}, Long> {`,
    body,
    '}',
    '',
  ].join('\n');

/** The e-commerce layout of many Spring Data REST shops: read-only catalogue, writable customers. */
const SHOP: Record<string, string> = {
  'pom.xml': POM,
  'src/main/resources/application.properties': PROPERTIES,
  [`${DAO}ProductRepository.java`]: repository('ProductRepository', 'Product', '@RepositoryRestResource', '  Page<Product> findByCategoryId(@Param("id") Long id, Pageable pageable);'),
  [`${DAO}ProductCategoryRepository.java`]: repository('ProductCategoryRepository', 'ProductCategory', '@RepositoryRestResource(collectionResourceRel = "productCategory", path = "product-category")'),
  [`${DAO}CountryRepository.java`]: repository('CountryRepository', 'Country', '@RepositoryRestResource(path = "countries")'),
  [`${DAO}CustomerRepository.java`]: repository('CustomerRepository', 'Customer', '@RepositoryRestResource'),
};

const configurer = (body: string) =>
  [
    'package com.code.shop.config;',
    '',
    'import org.springframework.data.rest.core.config.RepositoryRestConfiguration;',
    'import org.springframework.data.rest.webmvc.config.RepositoryRestConfigurer;',
    'import org.springframework.http.HttpMethod;',
    'import com.code.shop.entity.*;',
    '',
    '@Configuration',
    'public class MyDataRestConfig implements RepositoryRestConfigurer {',
    body,
    '}',
    '',
  ].join('\n');

const CUSTOMER_CRUD = ['GET /api/customers', 'POST /api/customers', 'DELETE /api/customers/{id}', 'GET /api/customers/{id}', 'PATCH /api/customers/{id}', 'PUT /api/customers/{id}'];

describe('Spring Data REST exposure configuration (RepositoryRestConfigurer)', () => {
  it('drops the methods a helper method disables, per call, with the array bound from the caller', async () => {
    const config = configurer(`
  @Override
  public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
    HttpMethod[] theUnsupportedActions = { HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH };
    disableHttpMethods(config, Product.class, theUnsupportedActions);
    disableHttpMethods(config, ProductCategory.class, theUnsupportedActions);
    disableHttpMethods(config, Country.class, theUnsupportedActions);
    cors.addMapping(config.getBasePath() + "/**");
  }

  private void disableHttpMethods(RepositoryRestConfiguration config, Class<?> theClass, HttpMethod[] http) {
    config.getExposureConfiguration().forDomainType(theClass)
        .withItemExposure((metadata, httpMethods) -> httpMethods.disable(http))
        .withCollectionExposure((metadata, httpMethods) -> httpMethods.disable(http));
  }`);
    const map = await buildRouteMap(new MemoryTree('head', { ...SHOP, [CONFIG]: config }));
    expect(endpoints(map.routes)).toEqual([
      'GET /api/countries',
      'GET /api/countries/{id}',
      ...CUSTOMER_CRUD,
      'GET /api/product-category',
      'GET /api/product-category/{id}',
      'GET /api/products',
      'GET /api/products/{id}',
      'GET /api/products/search',
      'GET /api/products/search/findByCategoryId',
    ]);
  });

  it('reads filters written inline, item and collection apart, and filters of every domain type', async () => {
    const config = configurer(`
  private static final HttpMethod[] READ_ONLY = new HttpMethod[] { HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE };

  @Override
  public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
    config.getExposureConfiguration()
        .forDomainType(Product.class)
        .withItemExposure((metadata, httpMethods) -> httpMethods.disable(READ_ONLY))
        .withCollectionExposure((metadata, httpMethods) -> httpMethods.disable(READ_ONLY));
    config.getExposureConfiguration().forDomainType(Country.class).withItemExposure((metadata, httpMethods) -> httpMethods.disable(HttpMethod.DELETE));
    config.getExposureConfiguration().withItemExposure((metadata, httpMethods) -> httpMethods.disable(HttpMethod.PATCH));
  }`);
    const map = await buildRouteMap(new MemoryTree('head', { ...SHOP, [CONFIG]: config }));
    expect(endpoints(map.routes)).toEqual([
      'GET /api/countries',
      'POST /api/countries',
      'GET /api/countries/{id}',
      'PUT /api/countries/{id}',
      'GET /api/customers',
      'POST /api/customers',
      'DELETE /api/customers/{id}',
      'GET /api/customers/{id}',
      'PUT /api/customers/{id}',
      'GET /api/product-category',
      'POST /api/product-category',
      'DELETE /api/product-category/{id}',
      'GET /api/product-category/{id}',
      'PUT /api/product-category/{id}',
      'GET /api/products',
      'GET /api/products/{id}',
      'GET /api/products/search',
      'GET /api/products/search/findByCategoryId',
    ]);
  });

  it('keeps the routes a filter it cannot read may disable, marked partial, and says why', async () => {
    const config = configurer(`
  @Override
  public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
    config.getExposureConfiguration().forDomainType(Product.class)
        .withCollectionExposure((metadata, httpMethods) -> metadata.isExported() ? httpMethods : httpMethods.disable(HttpMethod.POST));
    for (Class<?> type : readOnlyTypes()) {
      config.getExposureConfiguration().forDomainType(type).withItemExposure((metadata, httpMethods) -> httpMethods.disable(HttpMethod.DELETE));
    }
  }`);
    const files: Record<string, string> = { ...SHOP, [CONFIG]: config };
    delete files[`${DAO}ProductCategoryRepository.java`];
    delete files[`${DAO}CustomerRepository.java`];
    const map = await buildRouteMap(new MemoryTree('head', files));
    expect(endpoints(map.routes)).toEqual([
      'GET /api/countries',
      'POST /api/countries',
      'DELETE /api/countries/{id} (partial)',
      'GET /api/countries/{id} (partial)',
      'PATCH /api/countries/{id} (partial)',
      'PUT /api/countries/{id} (partial)',
      'GET /api/products (partial)',
      'POST /api/products (partial)',
      'DELETE /api/products/{id} (partial)',
      'GET /api/products/{id} (partial)',
      'PATCH /api/products/{id} (partial)',
      'PUT /api/products/{id} (partial)',
      'GET /api/products/search',
      'GET /api/products/search/findByCategoryId',
    ]);
    expect(map.routes.find((route) => route.method === 'POST' && route.path === '/api/products')?.notes).toEqual([
      'Spring Data REST resource of Product, exported from ProductRepository',
      'spring.data.rest.base-path = /api (src/main/resources/application.properties)',
      `an exposure filter at ${CONFIG}:14 may disable POST here; it could not be read`,
    ]);
  });
});
