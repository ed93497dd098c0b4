import { defineConfig } from "vite";

// The build goes into genegraph's own static folder, committed, so `make serve` serves the
// app without Node.js; genegraph answers `/` and the app's routes with its index.html.
export default defineConfig({
  base: "/static/app/",
  build: {
    outDir: "../genegraph/static/app",
    emptyOutDir: true,
    target: "es2020",
  },
  server: {
    // `npm run dev` talks to a `make serve` on the default port.
    proxy: { "/graphql": "http://127.0.0.1:8000" },
  },
});
