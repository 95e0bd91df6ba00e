/**
 * Real CORS configurations from public repositories, each cited (repository and path), with the
 * verdict a security reviewer who also ships the app would give and the codes corsproof must report.
 * Environment variables are filled with realistic values (`env:` comments say which); a config
 * whose variable would commonly be unset in some environment is listed that way where the code
 * reads it without a fallback. `attacker` names an origin an insecure origin function admits, and
 * `hole` the kind of check that lets it in: it must be denied at request time or reported by the
 * audit, which is told nothing but the options (no `--origin`: seeds come from the function's text).
 */
import type { ConfigIssueCode } from "../../../src/index.js";

export type Flavour = "express" | "fastify" | "koa" | "hono";

export interface CorpusEntry {
  /** `owner/repo path` on GitHub. */
  readonly source: string;
  readonly flavour: Flavour;
  readonly options: Record<string, unknown>;
  /** `refused`: the adapter throws at start-up; `accepted`: it builds (warnings allowed). */
  readonly verdict: "refused" | "accepted";
  /** Every code reported (errors and warnings), in order. */
  readonly codes: readonly ConfigIssueCode[];
  readonly attacker?: string;
  readonly hole?: "reflect-everything" | "substring" | "prefix";
}

type Callback = (err: Error | null, allow?: boolean) => void;
type KoaCtx = { get(name: string): string; request: { header: Record<string, string | undefined> }; header: Record<string, string | undefined> };

export const corpus: readonly CorpusEntry[] = [
  // ---- cors (Express, NestJS enableCors: the same option dialect) ----
  {
    source: "kannan-ravi/task-manager-ciphrix backend/config/cors.js",
    flavour: "express",
    // env: CLIENT_URL=https://tasks.ciphrix.example
    options: { origin: ["https://tasks.ciphrix.example"], methods: ["GET", "POST", "PUT", "DELETE"], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "mazenaliii/MyVenn-Backend middlewares/cors.js",
    flavour: "express",
    // env: CLIENT_ORIGIN unset, so the localhost fallback; a response header name written as an option.
    options: { origin: "http://localhost:3000", "Access-Control-Allow-Credentials": true },
    verdict: "refused",
    codes: ["unknown-option"],
  },
  {
    source: "muhammadsarim11/Backend src/app.js",
    flavour: "express",
    options: { origin: "process.env.CLIENT_URL", credentials: true },
    verdict: "refused",
    codes: ["invalid-origin"],
  },
  {
    source: "SaHILL87/Chatly-server constants/config.js",
    flavour: "express",
    // env: CLIENT_URL=https://chatly.vercel.app
    options: {
      origin: "https://chatly.vercel.app",
      credentials: true,
      methods: "GET,HEAD,PUT,PATCH,POST,DELETE",
      preflightContinue: false,
      optionsSuccessStatus: 204,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "SaHILL87/Chatly-server constants/config.js",
    flavour: "express",
    // env: CLIENT_URL unset (a fresh deployment): cors would answer '*'; corsproof names the variable.
    options: { origin: undefined, credentials: true, methods: "GET,HEAD,PUT,PATCH,POST,DELETE", preflightContinue: false, optionsSuccessStatus: 204 },
    verdict: "refused",
    codes: ["unset-origin"],
  },
  {
    source: "Filson-aj/online-result-checking-system-backend configs/corsOptions.js",
    flavour: "express",
    // allowedOrigins.js: the deployed front end and the dev server.
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowedOrigins = ["https://results.example.edu", "http://localhost:3000"];
        allowedOrigins.indexOf(origin as string) !== -1 || !origin ? callback(null, true) : callback(new Error("Not allowed by CORS"));
      },
      credentials: true,
      optionsSuccessStatus: 200,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "hxshan/itp-vms backend/config/corsOptions.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowedOrigins = ["http://localhost:5173"];
        if (allowedOrigins.indexOf(origin as string) !== -1 || !origin) callback(null, true);
        else callback(new Error("not allowed by CORS"));
      },
      credentials: true,
      optionSuccessStatus: 200,
    },
    verdict: "refused",
    codes: ["unknown-option"],
  },
  {
    source: "ASMAAGOMA/ALX-graduation_firstTry config/coresOptions.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowed = ["http://localhost:3000", "https://www.google.com"];
        if (allowed.indexOf(origin as string) !== -1 || !origin) callback(null, true);
        else callback(new Error("Not allowed by CORES"));
      },
      credentials: true,
      optionSuccessStatus: 200,
    },
    verdict: "refused",
    codes: ["unknown-option"],
  },
  {
    source: "SlavikLLL/booking-back config/corsOptions.js",
    flavour: "express",
    // `indexOf(origin !== -1 || !origin)` is indexOf(true): -1, which is truthy, so every origin passes.
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowOrigins = ["http://localhost:3000"];
        if (allowOrigins.indexOf((origin !== (-1 as unknown) || !origin) as unknown as string)) callback(null, true);
        else callback(new Error("not allowed by cors"));
      },
      Credential: true,
      optionsSuccessState: 200,
    },
    verdict: "refused",
    codes: ["unknown-option", "unknown-option"],
    attacker: "https://evil.example.net",
    hole: "reflect-everything",
  },
  {
    source: "edinliu/express-message-board-api cors.js",
    flavour: "express",
    options: { methods: "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS", allowedHeaders: ["Content-Type", "Authorization"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "CBiBank/awesome-snippets src/scripts/node-express/14.node-express-cors.js",
    flavour: "express",
    options: {
      origin: "*",
      methods: ["GET", "POST"],
      allowedHeaders: ["Content-Type", "Authorization"],
      credentials: true,
      preflightContinue: false,
      optionsSuccessStatus: 204,
    },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "merlin39/FrontEndAngular server.js",
    flavour: "express",
    options: { origin: ["http://localhost:4200"], methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], allowedHeaders: ["Content-Type", "Authorization"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "isthmusx/Book-Store---MERN backend/tempCodeRunnerFile.js",
    flavour: "express",
    options: { origin: "http://localhost:5555/", methods: ["GET", "POST", "PUT", "DELETE"], allowedHeaders: ["Content-Type"] },
    verdict: "refused",
    codes: ["non-canonical-origin"],
  },
  {
    source: "ajhellquist/bieditor backend/config/cors.js",
    flavour: "express",
    options: {
      origin: ["https://bieditor-git-main-ajhellquists-projects.vercel.app", "http://localhost:3000"],
      methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "amrks7800/express-ecommerce config/corsConfig.js",
    flavour: "express",
    options: {
      credentials: true,
      origin: (origin: string | undefined, callback: Callback) => {
        const whitelist = ["http://localhost:5173"];
        if (whitelist.indexOf(origin as string) !== -1) callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
      optionsSuccessStatus: 200,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "tldayan/Reelvault_Server config/corsOptions.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const whitelist = ["https://reelvault.vercel.app"];
        if (whitelist.includes(origin as string)) callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
      credentials: true,
      optionsSuccessStatus: 200,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "realkeshav08/Vlogverse server/config/corsOptions.js",
    flavour: "express",
    // The 'https://*.vercel.app\n' entry is compared with includes(): a dead literal, not a hole.
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowedOrigins = ["http://localhost:5173", "https://*.vercel.app\n"];
        if (!origin || allowedOrigins.includes(origin)) callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "holyPaladu/todo_backend src/main.ts",
    flavour: "express",
    options: { origin: "http://localhost:3000", methods: "GET,HEAD,PUT,PATCH,POST,DELETE", credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "parthpandyappp/todo-backend src/main.ts",
    flavour: "express",
    options: { allowedHeaders: "*", origin: "http://localhost:3000", credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "palbijewar/Investing-arrow-backend src/main.ts",
    flavour: "express",
    options: { origin: ["http://localhost:3000", "https://yourfrontenddomain.com"], methods: ["GET", "POST", "PUT", "DELETE"], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "terkrub/Software-Practice-Empirical-Evidence-Database- backend/src/main.ts",
    flavour: "express",
    options: { origin: "http://localhost:3000", credentials: true, methods: "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS", allowedHeaders: "Content-Type, Accept" },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "tib-dev/chatin backend/src/lib/cors.config.js",
    flavour: "express",
    // env: FRONT_END_URL=https://chatin.onrender.com
    options: {
      origin: "https://chatin.onrender.com",
      credentials: true,
      allowedHeaders: ["Content-Type", "Authorization"],
      methods: ["GET", "POST", "PUT", "DELETE"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "sibluK/itransition-course-project backend/src/config/cors.ts",
    flavour: "express",
    // env: FRONTEND_URL=https://itransition-course.netlify.app
    options: {
      origin: ["https://itransition-course.netlify.app"],
      methods: ["GET", "POST", "PUT", "DELETE", "PATCH"],
      allowedHeaders: ["Content-Type", "Authorization"],
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "mhdfais/ArtisanAuctions-server src/config/corsConfig.ts",
    flavour: "express",
    // env: FRONTEND_URL=https://artisanauctions.example.com/ (copied from the address bar, with its slash)
    options: { origin: "https://artisanauctions.example.com/", methods: ["GET", "POST", "PUT", "DELETE"], credentials: true },
    verdict: "refused",
    codes: ["non-canonical-origin"],
  },
  {
    source: "leodanielbc/tasks-api functions/src/infrastructure/api/express/middleware/cors.middleware.ts",
    flavour: "express",
    // env: NODE_ENV=development, so origin '*' with credentials.
    options: { origin: "*", methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], allowedHeaders: ["Content-Type", "Authorization"], credentials: true },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "garali10/smart Front/admin/server/index.js",
    flavour: "express",
    options: {
      origin: ["http://localhost:3000", "http://localhost:3001"],
      credentials: true,
      methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "ffferncake/direction-mapbox .history/src/server/index_20220104104417.js",
    flavour: "express",
    options: { origin: "http://localhost:3000", credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "iqraidzharul12/semesta-backend-ci-cd src/config/Cors.ts",
    flavour: "express",
    options: {
      origin: ["*"],
      headers: ["Origin", "X-Requested-With", "Content-Type", "Accept", "Authorization", "responseType", "information", "post", "content", "exp"],
      exposedHeaders: ["Accept", "Content-Type", "Content-Disposition", "content", "exp"],
      maxAge: 60,
      credentials: true,
    },
    verdict: "refused",
    codes: ["wildcard-origin-in-list", "forbidden-request-header"],
  },
  {
    source: "dwisetiyadi/klipper-dash-api src/config/Cors.ts",
    flavour: "express",
    options: {
      origin: ["*"],
      headers: ["Origin", "X-Requested-With", "Content-Type", "Accept", "information"],
      exposedHeaders: ["Accept", "Content-Type", "Content-Disposition", "content", "exp"],
      maxAge: 60,
      credentials: true,
    },
    verdict: "refused",
    codes: ["wildcard-origin-in-list", "forbidden-request-header"],
  },
  {
    source: "OmarLand/fs-pt-Final-Project-Omar-Landaeta back/configs/cors.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        if (!origin) return callback(null, true);
        const match = ["localhost"].find((domain) => origin.includes(domain));
        match ? callback(null, true) : callback(new Error("cors"));
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
    attacker: "https://localhost.attacker.example",
    hole: "substring",
  },
  {
    source: "CromwellCMS/Cromwell system/server/src/helpers/corsHandler.ts",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        if (typeof origin === "undefined") return callback(null, true);
        if (/localhost/.test(origin)) return callback(null, true);
        callback(new Error("Not allowed"));
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
    attacker: "https://localhost.attacker.example",
    hole: "substring",
  },
  {
    source: "joyang-project/api src/main.ts",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const allowedDomainRegex = /(^|.*\.)jo-yang\.com$/;
        if (!origin || origin.includes("localhost") || allowedDomainRegex.test(origin)) callback(null, true);
        else callback(new Error("not the same domain"));
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
    attacker: "https://localhost.attacker.example",
    hole: "substring",
  },
  {
    source: "VishalJain2905/autoprint-backend-new src/main.ts",
    flavour: "express",
    options: {
      origin: [/^http:\/\/localhost:\d+$/, /^http:\/\/127\.0\.0\.1:\d+$/],
      credentials: true,
      methods: ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "ApprovalCYB/PolyChat Api/src/main.ts",
    flavour: "express",
    options: { origin: [/^http:\/\/localhost:\d+$/, /^http:\/\/127\.0\.0\.1:\d+$/], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "My-Lernings/kjbn-truck-nest src/main.ts",
    flavour: "express",
    options: {
      origin: [/^http:\/\/localhost:\d+$/, "https://66817564cd6edb088128686e--chic-froyo-63e35e.netlify.app/"],
      methods: "GET,HEAD,PUT,PATCH,POST,DELETE",
      credentials: true,
    },
    verdict: "refused",
    codes: ["non-canonical-origin"],
  },
  {
    source: "hdesumo/api-comptavision src/app.js",
    flavour: "express",
    // env: CORS_ORIGINS unset, so `origins.length ? origins : true` reflects every origin, with credentials.
    options: { origin: true, credentials: true },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "luna-padilla/blog-travels-node-react-ironhack blog-travels-backend/config/cors.config.js",
    flavour: "express",
    // env: CORS_ORIGINS=https://blog-travels.netlify.app,http://localhost:5173 — passed unsplit (the split copy is unused).
    options: { origin: "https://blog-travels.netlify.app,http://localhost:5173", credentials: true },
    verdict: "refused",
    codes: ["comma-separated-origins"],
  },
  {
    source: "NgBaoAnn/Board-Game-System backend/src/configs/cors.config.js",
    flavour: "express",
    // env: CORS_ORIGIN unset, so '*', without credentials.
    options: {
      origin: "*",
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
      credentials: false,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "BK-Ojha/Bharat-college-of-technology Backend/corsConfig.js",
    flavour: "express",
    options: { origin: "*", methods: ["GET", "POST", "PUT", "DELETE"], allowedHeaders: ["Content-Type", "Authorization"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "ngtrgiabao/meet-with-us backend/app.js",
    flavour: "express",
    options: { origin: "http://localhost:3000", credentials: true, optionSuccessStatus: 200 },
    verdict: "refused",
    codes: ["unknown-option"],
  },
  {
    source: "Nguyenle23/WAD-Project-Course APIs/src/config/domain.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const WHITELIST_DOMAIN = ["http://localhost:3000, http://localhost:3001"];
        if (WHITELIST_DOMAIN.indexOf(origin as string) !== -1) callback(null, true);
        else callback(new Error(`${origin} is not allowed by CORS`));
      },
      credentials: true,
      optionSuccessStatus: 200,
    },
    verdict: "refused",
    codes: ["unknown-option"],
  },
  {
    source: "siscofalco/domind-backend configs/cors.config.js",
    flavour: "express",
    // env: PUBLIC_DOMAIN=https://domind.netlify.app
    options: { credentials: true, origin: ["https://domind.netlify.app", "http://domind.herokuapp.com", "https://domind.herokuapp.com"] },
    verdict: "refused",
    codes: ["insecure-origin-with-credentials"],
  },
  {
    source: "SoldOutt/Trello_BE src/config/constand.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        const whitelist = ["http://localhost:3000", "http://example2.com"];
        if (whitelist.indexOf(origin as string) !== -1) callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "DennisRono/express-mysql-api config/corsOptions.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        ["http://localhost:3000"].indexOf(origin as string) !== -1 ? callback(null, true) : callback(new Error("Not allowed by cors"));
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "pabllot/social_backend src/middlewares/cors.js",
    flavour: "express",
    // "http:/localhost:3000" never matches: broken, but only inside the function, where no validator can see it.
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        if (["http:/localhost:3000"].indexOf(origin as string) !== -1) callback(null, true);
        else callback(new Error());
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "def-life/assignment server/Configurations/configureCors.js",
    flavour: "express",
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        if (["http://localhost:3000"].indexOf(origin as string) !== -1 || !origin) callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "GabrielHK97/site-backend src/main.ts",
    flavour: "express",
    // enableCors({ credentials: true }): cors's default origin '*' with credentials, which browsers refuse.
    options: { credentials: true },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "Zakirov-Yuriy/form-kit-vue server/src/main.ts",
    flavour: "express",
    options: { origin: "*", methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"], credentials: true },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "MayderC/io-game-proyect-be src/main.ts",
    flavour: "express",
    options: { credentials: true, origin: "*" },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "LeandroApache/olegunya-bet backend/src/main.ts",
    flavour: "express",
    options: { origin: true, credentials: true },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "rmc3408/microservice-training better-coding-academy/listings-service/config/cors.js",
    flavour: "express",
    options: {
      origin: (_origin: string | undefined, cb: Callback) => cb(null, true),
      credentials: true,
      preflightContinue: true,
      exposedHeaders: ["Access-Control-Allow-Headers", "Access-Control-Allow-Origin, Origin, X-Requested-With, Content-Type, Accept", "X-Password-Expired"],
      optionsSuccessStatus: 200,
    },
    verdict: "refused",
    codes: ["invalid-header-name"],
    attacker: "https://evil.example.net",
    hole: "reflect-everything",
  },
  {
    source: "Alreriabiceps/express-gamified-learning-system config/cors.js",
    flavour: "express",
    // config.clientUrls: the deployed client and the dev server.
    options: {
      origin: ["https://gamified-learning.vercel.app", "http://localhost:5173"],
      credentials: true,
      methods: ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization", "X-Requested-With", "Accept", "Origin"],
      exposedHeaders: ["Content-Range", "X-Content-Range"],
      maxAge: 600,
    },
    verdict: "accepted",
    codes: ["forbidden-request-header"],
  },
  {
    source: "MiloshMilinkov/Blog-App server/middleware/cors.js",
    flavour: "express",
    // env: FRONTEND_URL=https://blog.milinkov.dev
    options: { origin: "https://blog.milinkov.dev", methods: ["GET", "POST", "PATCH", "DELETE"], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "Saba-Var/Gymbro-back src/config/cors.ts",
    flavour: "express",
    // env: FRONTEND_URL=https://gymbro.netlify.app
    options: { origin: "https://gymbro.netlify.app", credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "barlima/rate-that-bridge api/src/middleware/cors.ts",
    flavour: "express",
    // env: FRONTEND_HOST unset (`as string` hides it from the type checker); cors would answer '*'.
    options: { credentials: true, origin: undefined },
    verdict: "refused",
    codes: ["unset-origin"],
  },
  {
    source: "ranjoyghosh88/lat-long-tracking api/cors_fix.js",
    flavour: "express",
    // env: CORS_ORIGIN=https://tracking.example.org
    options: {
      origin: (origin: string | undefined, callback: Callback) => {
        if (!origin || /^http:\/\/localhost:\d+$/.test(origin) || /^http:\/\/127\.0\.0\.1:\d+$/.test(origin) || origin === "https://tracking.example.org")
          callback(null, true);
        else callback(new Error("Not allowed by CORS"));
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "justinjeong5/j-chat-server middlewares/cors.ts",
    flavour: "express",
    // Neither RegExp ends in '$': 'http://localhost.attacker.example' and 'https://j-chat-a.vercel.app.attacker.example' match.
    options: { origin: [/^http:\/\/localhost/, /^https:\/\/j-chat-(\w+(-\w+)*)*\.vercel\.app/], credentials: true },
    verdict: "refused",
    codes: ["unanchored-regexp", "unanchored-regexp"],
  },
  // ---- @fastify/cors ----
  {
    source: "Luma-3/ft_transcendence backend/gateway/plugins/cors.mjs",
    flavour: "fastify",
    options: { origin: "*", credentials: true },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "devalGabriel/eventure-v4 services/notifications-service/src/plugins/cors.js",
    flavour: "fastify",
    options: { origin: true, credentials: true, methods: ["GET", "POST", "OPTIONS"] },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "TariqAli93/IMS-Api src/plugins/cors.js",
    flavour: "fastify",
    options: { origin: true, credentials: true, methods: ["GET", "POST", "DELETE", "PUT", "OPTIONS"] },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "kinnema/backend-new src/plugins/cors.plugin.ts",
    flavour: "fastify",
    options: { origin: true, credentials: true },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "kubaczak/BDCode server/plugins/cors.js",
    flavour: "fastify",
    options: {
      origin: (origin: string, cb: Callback) => {
        const hostname = new URL(origin).hostname;
        if (hostname === "localhost") {
          cb(null, true);
          return;
        }
        cb(new Error("Not allowed"), false);
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "sceptre12/nx_video_streamer apps/app-server/src/app/plugins/cors.ts",
    flavour: "fastify",
    options: {
      origin: (origin: string, cb: Callback) => {
        const hostname = new URL(origin).hostname;
        if (hostname === "localhost") {
          cb(null, true);
          return;
        }
        cb(new Error("Not allowed"), false);
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "crimeSift-CAC-WA-1/crimesift-backend utils/cors.js",
    flavour: "fastify",
    options: { origin: ["localhost", "localhost:3000", "*.varram.me"] },
    verdict: "refused",
    codes: ["invalid-origin", "invalid-origin", "invalid-origin-pattern"],
  },
  {
    source: "sceptre12/nx_video_streamer apps/db-server/src/app/plugins/cors.ts",
    flavour: "fastify",
    options: {
      origin: (origin: string, cb: Callback) => {
        const hostname = new URL(origin).hostname;
        if (hostname === "localhost") {
          cb(null, true);
          return;
        }
        cb(new Error("Not allowed"), false);
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "kaulin/Transcenders packages/fastify-server/src/plugins/cors.plugin.ts",
    flavour: "fastify",
    options: {
      origin: [/^http:\/\/localhost:\d+$/, /^http:\/\/127\.0\.0\.1:\d+$/],
      credentials: true,
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "MdYusufBinNur/fastify-knex-starter plugins/cors.js",
    flavour: "fastify",
    // A RegExp written as a string, and `method` for `methods`.
    options: { origin: ["http://127.0.0.1:9000", "/.*.example.com/"], method: ["GET", "PUT", "POST", "DELETE"] },
    verdict: "refused",
    codes: ["unknown-option", "invalid-origin"],
  },
  {
    source: "doboniecki/sse-words-generator apps/server/src/plugins/cors.js",
    flavour: "fastify",
    options: { origin: ["http://localhost:5173"], methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "dzulfiqarzaky19/novel_scrapper src/plugins/cors.ts",
    flavour: "fastify",
    options: { origin: ["http://localhost:5173", "http://127.0.0.1:5173"], methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "Mkadri66/ft_transcendence backend/middlewares/cors.js",
    flavour: "fastify",
    options: {
      origin: "http://localhost:5173",
      methods: ["GET", "POST", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization"],
      credentials: true,
      preflightContinue: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "Alik20021223/vet-lab backend/src/plugins/cors.js",
    flavour: "fastify",
    // env: CORS_ORIGIN unset, so the '*' fallback, with credentials.
    options: { origin: "*", credentials: true },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "sabiq7392/mame-tools backend/src/plugins/cors.plugin.ts",
    flavour: "fastify",
    options: { origin: true, credentials: true },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials"],
  },
  {
    source: "mrlouf/dawn-treader app/backend/src/plugins/setupCors.js",
    flavour: "fastify",
    options: {
      origin: true,
      credentials: true,
      methods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      allowedHeaders: ["Content-Type", "Authorization", "Cookie", "Origin", "X-Requested-With", "Accept"],
    },
    verdict: "refused",
    codes: ["reflect-origin-with-credentials", "forbidden-request-header", "forbidden-request-header"],
  },
  {
    source: "juniormodestoerp/erp-obra-facil-backend src/shared/infra/config/cors.ts",
    flavour: "fastify",
    options: { origin: ["http://localhost:3000", "http://localhost:3001"], methods: ["GET", "POST", "PUT", "DELETE"], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  // ---- @koa/cors ----
  {
    source: "CBiBank/awesome-snippets src/scripts/node-koa/14.node-koa-cors.js",
    flavour: "koa",
    options: { origin: "*", allowMethods: ["GET", "POST", "PUT", "DELETE"], allowHeaders: ["Content-Type", "Authorization"], credentials: true, maxAge: 86400 },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials"],
  },
  {
    source: "SupremacySakura/yxzq-web-resource-tools apps/backend/resource-storage/config/cors.config.js",
    flavour: "koa",
    options: { origin: "*", allowMethods: ["GET", "POST"], allowHeaders: ["Content-Type", "Authorization"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "sy0920/Interest-circle backend/src/middleware/cors.middleware.ts",
    flavour: "koa",
    options: { origin: "*", allowHeaders: ["Content-Type", "Authorization", "user"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "Retr0327/koa-backend-template src/api/config/corsConfig.ts",
    flavour: "koa",
    options: {
      origin: (ctx: KoaCtx) => {
        const whiteList = ["http://localhost:3001"];
        const origin = ctx.request.header.origin ?? "";
        if (whiteList.includes(origin)) return origin;
        return "";
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "shulandmimi/electro-server src/middleware/cors.ts",
    flavour: "koa",
    options: { origin: (ctx: KoaCtx) => ctx.request.header.origin || "*", credentials: true },
    verdict: "accepted",
    codes: [],
    attacker: "https://evil.example.net",
    hole: "reflect-everything",
  },
  {
    source: "xiaoqi7777/wxgzhTemplate router/cors.js",
    flavour: "koa",
    // koa2-cors, @koa/cors's option names.
    options: {
      origin: (ctx: KoaCtx & { url?: string }) => (ctx.url === "/test" ? "*" : "http://localhost:8080"),
      exposeHeaders: ["WWW-Authenticate", "Server-Authorization"],
      maxAge: 5,
      credentials: true,
      allowMethods: ["GET", "POST", "DELETE"],
      allowHeaders: ["Content-Type", "Authorization", "Accept"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "KunLunXu-CC/service app/middleware/cross.js",
    flavour: "koa",
    // '*' with credentials: browsers refuse it, and corsproof denies it (the answer is read as @koa/cors reads it).
    options: {
      origin: (ctx: KoaCtx & { url?: string }) => (ctx.url === "/test" ? false : "*"),
      maxAge: 5,
      credentials: true,
      allowMethods: ["GET", "POST"],
      allowHeaders: ["Content-Type", "Authorization"],
      exposeHeaders: ["Content-Type", "Authorization"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "guodonglw/koa-practice middleware/corsRelated/index.js",
    flavour: "koa",
    options: {
      origin: () => "*",
      exposeHeaders: ["WWW-Authenticate", "Server-Authorization"],
      maxAge: 5,
      credentials: true,
      allowMethods: ["GET", "POST", "DELETE"],
      allowHeaders: ["Content-Type", "Authorization", "Accept"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "liubin915249126/react-study server/index.js",
    flavour: "koa",
    options: {
      origin: (ctx: KoaCtx & { url?: string }) => (ctx.url === "/test" ? false : "*"),
      exposeHeaders: ["WWW-Authenticate", "Server-Authorization"],
      maxAge: 5,
      credentials: true,
      allowMethods: ["GET", "POST", "DELETE"],
      allowHeaders: ["Content-Type", "Authorization", "Accept"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "DefinitelyTyped/DefinitelyTyped types/koa__cors/koa__cors-tests.ts",
    flavour: "koa",
    // ctx.request.origin is the server's own origin, not the Origin header: cross-origin requests are denied.
    options: { origin: (ctx: KoaCtx & { request: { origin?: string } }) => ctx.request.origin },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "DimoriHQ/NET42 packages/server/src/middlewares/cors.ts",
    flavour: "koa",
    options: {
      origin: (ctx: KoaCtx) => {
        const validDomains = ["http://localhost:5173"];
        if (validDomains.indexOf(ctx.request.header.origin as string) !== -1) return ctx.request.header.origin || "";
        return "";
      },
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "mengyjd/fileUpload config/cors.js",
    flavour: "koa",
    // koa2-cors: the function always answers one fixed origin.
    options: {
      origin: () => "http://localhost:111",
      maxAge: 10,
      credentials: true,
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization", "Accept"],
      exposeHeaders: ["WWW-Authenticate", "Server-Authorization"],
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "DevXiaolan/tik-tool tpl/api/middlewares/cors.js",
    flavour: "koa",
    // koa2-cors; CONFIG.ALLOW_ORIGIN from the app config.
    options: {
      origin: (ctx: KoaCtx) => (["https://tik.example.com"].includes(ctx.request.header.origin as string) ? ctx.request.header.origin : false),
      exposeHeaders: ["WWW-Authenticate", "Server-Authorization"],
      maxAge: 5,
      credentials: true,
      allowMethods: ["GET", "POST", "DELETE", "PUT"],
      allowHeaders: ["Content-Type", "Authorization", "Accept", "X-Requested-With", "Access-Control-Allow-Credentials"],
    },
    verdict: "accepted",
    codes: ["prohibited-request-header"],
  },
  {
    source: "Lin-Tui/MyIdea server/app/middleware/cors.ts",
    flavour: "koa",
    // Reflects every origin with credentials; maxAge of 5 days, which browsers cap.
    options: {
      origin: (ctx: KoaCtx) => ctx.request.header.origin || "",
      exposeHeaders: ["Authorization"],
      maxAge: 5 * 24 * 60 * 60,
      credentials: true,
      allowMethods: ["GET", "POST", "OPTIONS", "DELETE"],
      allowHeaders: ["Content-Type", "Authorization", "Accept", "X-Requested-With"],
    },
    verdict: "accepted",
    codes: ["max-age-above-browser-cap"],
    attacker: "https://evil.example.net",
    hole: "reflect-everything",
  },
  {
    source: "evasyuk/project-zxsvm-back functions/src/middlewares/corsMiddleware.js",
    flavour: "koa",
    // env: URI=https://zxsvm.web.app. startsWith('http://localhost') also admits http://localhost.attacker.example.
    options: {
      origin: (ctx: KoaCtx) => {
        const origin = ctx.get("Origin");
        let temp = "*";
        if (origin === "https://zxsvm.web.app" || origin.startsWith("http://localhost")) temp = origin;
        return temp;
      },
      exposeHeaders: ["authorization", "accept", "content-type"],
      allowHeaders: ["authorization", "accept", "content-type"],
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
    attacker: "http://localhost.attacker.example",
    hole: "prefix",
  },
  // ---- hono/cors ----
  {
    source: "puruhitaaa/unithrift-be src/middlewares/auth-cors.ts",
    flavour: "hono",
    options: {
      origin: ["*"],
      allowHeaders: ["Content-Type", "Authorization"],
      allowMethods: ["POST", "GET", "OPTIONS"],
      exposeHeaders: ["Content-Length"],
      maxAge: 600,
      credentials: true,
    },
    verdict: "refused",
    codes: ["wildcard-origin-in-list"],
  },
  {
    source: "ansarisaqlain987/hono-drizzle-boilerplate src/middlewares/cors.middleware.ts",
    flavour: "hono",
    options: {
      origin: "http://example.com",
      allowHeaders: ["X-Custom-Header", "Upgrade-Insecure-Requests"],
      allowMethods: ["POST", "GET", "OPTIONS"],
      exposeHeaders: ["Content-Length", "X-Kuma-Revision"],
      maxAge: 600,
      credentials: true,
    },
    verdict: "refused",
    codes: ["insecure-origin-with-credentials"],
  },
  {
    source: "zlumer/hyperbranch cli/server/middleware/cors.ts",
    flavour: "hono",
    options: {
      origin: "*",
      allowMethods: ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
      allowHeaders: ["Content-Type", "Authorization", "X-API-Key", "Upgrade", "Connection"],
      exposeHeaders: ["Content-Length", "X-Kuma-Revision"],
      maxAge: 600,
      credentials: true,
    },
    verdict: "refused",
    codes: ["wildcard-origin-with-credentials", "forbidden-request-header", "forbidden-request-header"],
  },
  {
    source: "kilkaVhlebe/HackatonBack src/middleware/cors.middleware.ts",
    flavour: "hono",
    options: {
      origin: (origin: string) => origin,
      allowHeaders: ["X-Custom-Header", "Upgrade-Insecure-Requests", "Content-Type", "Authorization"],
      allowMethods: ["POST", "GET", "OPTIONS"],
      exposeHeaders: ["Content-Length", "X-Kuma-Revision"],
      maxAge: 600,
      credentials: true,
    },
    verdict: "accepted",
    codes: [],
    attacker: "https://evil.example.net",
    hole: "reflect-everything",
  },
  {
    source: "ofmendez/prueba-identidad-tech-back src/middlewares/cors.js",
    flavour: "hono",
    // A startsWith check, but without credentials: what it admits could read only public data.
    options: {
      origin: (o: string) => {
        let result = "http://localhost:5173";
        if (o.startsWith("https://identidad-tech-front.pages.dev") || o.startsWith("https://localhost")) result = o;
        return result;
      },
    },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "dangjingtao/open-proxy-apis src/middlewares/cors.ts",
    flavour: "hono",
    options: { origin: "*", allowMethods: ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"], allowHeaders: [], exposeHeaders: [] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "Initfan/story-teller backend/src/utils/cors.ts",
    flavour: "hono",
    options: { origin: "http://localhost:3000", allowHeaders: ["Content-Type"], allowMethods: ["GET", "POST", "PUT", "DELETE"], credentials: true },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "himanushi/hono-cloudflare-pages-d1-ionic-template src/index.ts",
    flavour: "hono",
    options: { origin: ["https://example.com", "https://example.org"] },
    verdict: "accepted",
    codes: [],
  },
  {
    source: "shashankack/the_works backend/src/lib/cors.ts",
    flavour: "hono",
    options: {
      origin: ["localhost:5137", "http://localhost:5173", "http://localhost:5174", "https://localhost:5173", "https://localhost:5174"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"],
      allowHeaders: ["Content-Type", "Authorization"],
      maxAge: 600,
    },
    verdict: "refused",
    codes: ["invalid-origin"],
  },
  {
    source: "samyung0/health-platform backend/src/middlewares/cors.ts",
    flavour: "hono",
    // env: FRONTEND_URL=https://health-platform.vercel.app
    options: {
      origin: "https://health-platform.vercel.app",
      allowHeaders: ["Content-Type", "Authorization", "X-Requested-With", "Accept", "Origin"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
      exposeHeaders: ["Content-Length", "X-Request-ID"],
      maxAge: 86400,
      credentials: true,
    },
    verdict: "accepted",
    codes: ["forbidden-request-header"],
  },
  {
    source: "lnk00/fiqo server/src/modules/core/middlewares/cors.middleware.ts",
    flavour: "hono",
    // env: FRONT_URL unset, so the '' fallback: no origin can ever match.
    options: {
      origin: "",
      allowHeaders: ["Content-Type", "Authorization"],
      allowMethods: ["POST", "GET", "OPTIONS"],
      exposeHeaders: ["Content-Length"],
      maxAge: 600,
      credentials: true,
    },
    verdict: "refused",
    codes: ["unset-origin"],
  },
  {
    source: "giga-berkah-tech/chatgpt-server-hono src/services/AuthService.ts",
    flavour: "hono",
    options: {
      origin: ["http://localhost:3000", "http://192.168.1.11:3000"],
      allowMethods: ["POST", "GET", "OPTIONS"],
      exposeHeaders: ["Content-Length"],
      credentials: true,
    },
    verdict: "refused",
    codes: ["insecure-origin-with-credentials"],
  },
];
