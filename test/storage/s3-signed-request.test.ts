import { describe, expect, it } from "vitest";
import { objectUrl } from "../../src/storage/s3-signed-request.js";

describe("objectUrl", () => {
  const endpoint = new URL("https://acct.r2.cloudflarestorage.com");
  it("puts the bucket in the path for path style, in the host otherwise", () => {
    const key = "images/a.png";
    expect(objectUrl({ endpoint, bucket: "blog", forcePathStyle: true }, key).href).toBe(
      "https://acct.r2.cloudflarestorage.com/blog/images/a.png",
    );
    expect(objectUrl({ endpoint, bucket: "blog", forcePathStyle: false }, key).href).toBe(
      "https://blog.acct.r2.cloudflarestorage.com/images/a.png",
    );
  });

  it("keeps the path style for a bucket that is no DNS label, and an endpoint's own path", () => {
    const proxied = new URL("http://127.0.0.1:9000/s3/");
    expect(
      objectUrl({ endpoint: proxied, bucket: "my.blog", forcePathStyle: false }, "k").href,
    ).toBe("http://127.0.0.1:9000/s3/my.blog/k");
  });

  it("encodes each key segment as the SDK does, slashes kept", () => {
    const url = objectUrl({ endpoint, bucket: "b", forcePathStyle: true }, "img/a b/(1)!*'é+.png");
    expect(url.pathname).toBe("/b/img/a%20b/%281%29%21%2A%27%C3%A9%2B.png");
  });

  it("keeps the path style for an endpoint that is an IP address, as the SDK does", () => {
    for (const host of ["127.0.0.1:9000", "[::1]:9000"])
      expect(
        objectUrl(
          { endpoint: new URL(`http://${host}`), bucket: "blog", forcePathStyle: false },
          "k",
        ).href,
      ).toBe(`http://${host}/blog/k`);
  });
});
