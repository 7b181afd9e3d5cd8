import { describe, expect, it } from '@jest/globals';
import { MemoryTree } from '../../../src/core/change-source.js';
import { buildRouteMap } from '../../../src/core/routes/build-route-map.js';
import { fixtureTree, withoutSignatures } from './fixture-tree.js';
import { expectedRoute, type ExpectedRoute } from './route-builders.js';

const jaxRs = (expected: ExpectedRoute) => expectedRoute('jax-rs', expected);

describe('JAX-RS: a Quarkus service', () => {
  const acme = 'src/main/java/org/acme/';
  const fruits = `${acme}fruits/FruitResource.java`;
  const tags = `${acme}fruits/TagResource.java`;
  const orderApi = `${acme}orders/OrderApi.java`;
  const orders = `${acme}orders/OrderResource.java`;
  // application.properties sets Quarkus' HTTP root path; @ApplicationPath("/api") sits under it.
  const rootPath = 'quarkus.http.root-path = /shop (src/main/resources/application.properties)';
  const app = '@ApplicationPath of JaxrsApplication';

  it('finds resources, sub-resources and interface-declared resources under the application path; clients are not routes', async () => {
    const map = await buildRouteMap(fixtureTree('java/quarkus-fruits'));
    expect(map.skipped).toEqual([]);
    expect(withoutSignatures(map.routes)).toEqual([
      jaxRs({ method: 'GET', path: '/shop/api/fruits', file: fruits, line: 21, handler: ['FruitResource.list', 21, 24], notes: [rootPath, app] }),
      jaxRs({
        method: 'POST', path: '/shop/api/fruits', file: fruits, line: 32, handler: ['FruitResource.create', 32, 38],
        middleware: ['@RolesAllowed("admin")', '@Audited'], notes: [rootPath, app], requiredInputs: ['name', 'calories'],
      }),
      jaxRs({ method: 'DELETE', path: '/shop/api/fruits/{id}', file: fruits, line: 47, handler: ['FruitResource.delete', 47, 52], middleware: ['@Authenticated'], notes: [rootPath, app] }),
      jaxRs({ method: 'GET', path: '/shop/api/fruits/{id}', file: fruits, line: 26, handler: ['FruitResource.get', 26, 30], notes: [rootPath, app] }),
      jaxRs({
        method: 'PUT', path: '/shop/api/fruits/{id}', file: fruits, line: 40, handler: ['FruitResource.update', 40, 45],
        middleware: ['@RolesAllowed({"admin", "editor"})'], notes: [rootPath, app],
      }),
      jaxRs({
        method: 'GET', path: '/shop/api/fruits/{id}/tags', file: tags, line: 19, handler: ['TagResource.list', 19, 22],
        notes: [rootPath, app, 'sub-resource reached through FruitResource.tags'], requiredInputs: ['q'],
      }),
      jaxRs({
        method: 'POST', path: '/shop/api/fruits/{id}/tags/{tag}', file: tags, line: 24, handler: ['TagResource.add', 24, 28],
        notes: [rootPath, app, 'sub-resource reached through FruitResource.tags'],
      }),
      jaxRs({
        method: 'POST', path: '/shop/api/v1/orders', file: orderApi, line: 17, handler: ['OrderResource.place', 19, 23], handlerFile: orders,
        middleware: ['@RolesAllowed("customer")', '@RolesAllowed("clerk")'], notes: [rootPath, app, 'annotations declared on OrderApi'],
      }),
      jaxRs({
        method: 'GET', path: '/shop/api/v1/orders/{orderId}', file: orderApi, line: 13, handler: ['OrderResource.get', 14, 17], handlerFile: orders,
        middleware: ['@RolesAllowed("customer")'], notes: [rootPath, app, 'annotations declared on OrderApi'],
      }),
      jaxRs({
        method: 'GET', path: '/shop/api/v1/orders/health', file: orderApi, line: 20, handler: ['OrderResource.health', 25, 28], handlerFile: orders,
        middleware: ['@RolesAllowed("customer")', '@PermitAll'], notes: [rootPath, app, 'annotations declared on OrderApi'],
      }),
    ]);
  });
});

describe('JAX-RS: Jersey and Dropwizard shapes', () => {
  it('reads javax resources with class-level security, an abstract base resource and a custom @HttpMethod', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/com/example/api/Patch.java': `package com.example.api;

import javax.ws.rs.HttpMethod;
import java.lang.annotation.*;

@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@HttpMethod("PATCH")
public @interface Patch {}
`,
      'src/main/java/com/example/api/BaseResource.java': `package com.example.api;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;

public abstract class BaseResource<T> {
  protected abstract T load(long id);

  @GET
  @Path("{id}")
  public T find(@PathParam("id") long id) {
    return load(id);
  }
}
`,
      'src/main/java/com/example/api/PeopleResource.java': `package com.example.api;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.*;
import javax.ws.rs.core.MediaType;

@Path("/people")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("staff")
public class PeopleResource extends BaseResource<Person> {
  @Override
  protected Person load(long id) {
    return dao.findById(id);
  }

  @Patch
  @Path("{id}")
  public Person rename(@PathParam("id") long id, @QueryParam("name") String name) {
    return dao.rename(id, name);
  }

  @HEAD
  public void ping() {}
}
`,
    });
    const map = await buildRouteMap(tree);
    const file = 'src/main/java/com/example/api/PeopleResource.java';
    expect(withoutSignatures(map.routes)).toEqual([
      jaxRs({ method: 'HEAD', path: '/people', file, line: 22, handler: ['PeopleResource.ping', 22, 23], middleware: ['@RolesAllowed("staff")'] }),
      jaxRs({
        method: 'GET', path: '/people/{id}', file: 'src/main/java/com/example/api/BaseResource.java', line: 10, handler: ['BaseResource.find', 10, 14],
        middleware: ['@RolesAllowed("staff")'], notes: ['annotations declared on BaseResource'],
      }),
      jaxRs({ method: 'PATCH', path: '/people/{id}', file, line: 16, handler: ['PeopleResource.rename', 16, 20], middleware: ['@RolesAllowed("staff")'] }),
    ]);
  });

  it('marks routes partial when the application path is a servlet mapping in web.xml', async () => {
    const tree = new MemoryTree('head', {
      'src/main/webapp/WEB-INF/web.xml': '<web-app><servlet-mapping><servlet-name>jersey</servlet-name><url-pattern>/rest/*</url-pattern></servlet-mapping></web-app>',
      'src/main/java/shop/ItemResource.java': `package shop;

import javax.ws.rs.GET;
import javax.ws.rs.Path;

@Path("items")
public class ItemResource {
  @GET
  public String list() {
    return "[]";
  }
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(withoutSignatures(map.routes)).toEqual([
      jaxRs({
        method: 'GET', path: '/items', file: 'src/main/java/shop/ItemResource.java', line: 8, handler: ['ItemResource.list', 8, 11],
        partial: true, notes: ['application path is the servlet mapping in src/main/webapp/WEB-INF/web.xml, not read'],
      }),
    ]);
  });

  it('marks routes partial when one module declares two different application paths', async () => {
    const application = (name: string, path: string): string => `package shop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("${path}")
public class ${name} extends Application {}
`;
    const tree = new MemoryTree('head', {
      'src/main/java/shop/PublicApp.java': application('PublicApp', '/public'),
      'src/main/java/shop/AdminApp.java': application('AdminApp', '/admin'),
      'src/main/java/shop/ItemResource.java': `package shop;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("items")
public class ItemResource {
  @GET
  public String list() {
    return "[]";
  }
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(withoutSignatures(map.routes)).toEqual([
      jaxRs({
        method: 'GET', path: '/items', file: 'src/main/java/shop/ItemResource.java', line: 8, handler: ['ItemResource.list', 8, 11],
        partial: true, notes: ['several @ApplicationPath values (PublicApp, AdminApp): application path left out'],
      }),
    ]);
  });

  it('stops at a sub-resource locator that returns its own class, and skips locators to unknown classes', async () => {
    const tree = new MemoryTree('head', {
      'src/main/java/files/FolderResource.java': `package files;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;

@Path("/folders")
public class FolderResource {
  @GET
  public String list() {
    return "";
  }

  @Path("{name}")
  public FolderResource child(@PathParam("name") String name) {
    return new FolderResource();
  }

  @Path("{name}/acl")
  public com.vendor.AclResource acl(@PathParam("name") String name) {
    return null;
  }
}
`,
    });
    const map = await buildRouteMap(tree);
    expect(withoutSignatures(map.routes)).toEqual([
      jaxRs({ method: 'GET', path: '/folders', file: 'src/main/java/files/FolderResource.java', line: 9, handler: ['FolderResource.list', 9, 12] }),
    ]);
  });
});
