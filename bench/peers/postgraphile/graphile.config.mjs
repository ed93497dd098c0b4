// PostGraphile 5 as genegraph's benchmark peer: the Amber preset (PostGraphile's defaults),
// the database's public schema, no GraphiQL, no explain, no watch mode. bench/run.py starts
// it with the database URL and port in the environment (the PostGraphile CLI's -c and -p).
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.BENCH_DATABASE_URL,
      schemas: ["public"],
      // node-postgres' default pool size, named so that it reads beside genegraph's.
      poolConfig: { max: 10 },
    }),
  ],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.BENCH_PORT ?? 5678),
    graphiql: false,
    watch: false,
  },
  grafast: { explain: false },
};

export default preset;
