// Run by the Job mongodb-init: `mongosh --nodb --file init-replica-set.js`.
// Idempotent: initiates replica set rs0 only if it is not initiated yet, then creates
// each service's user, or updates its password and roles if it exists.
const env = process.env;
const SERVICES = ["auth", "media", "publisher", "audit"];
const MEMBERS = [0, 1, 2].map((i) => `mongodb-${i}.mongodb-headless:27017`);
const prefix = env.GAMONTJ_DB_PREFIX || "gamontj";
const credentials =
  `${encodeURIComponent(env.MONGODB_ADMIN_USERNAME)}:` +
  `${encodeURIComponent(env.MONGODB_ADMIN_PASSWORD)}`;

// Members may still be starting: retry for about three minutes before failing the pod.
function connectWithRetry(uri) {
  for (let attempt = 1; ; attempt++) {
    try {
      return connect(uri);
    } catch (error) {
      if (attempt >= 36) throw error;
      print(`waiting for MongoDB (${error.message})`);
      sleep(5000);
    }
  }
}

// The first member answers before the set exists; the root user is in its local admin db.
const first = connectWithRetry(
  `mongodb://${credentials}@${MEMBERS[0]}/admin?directConnection=true&authSource=admin`,
);
try {
  first.adminCommand({ replSetGetStatus: 1 });
  print("replica set rs0 is already initiated");
} catch (error) {
  if (error.codeName !== "NotYetInitialized") throw error;
  first.adminCommand({
    replSetInitiate: {
      _id: "rs0",
      members: MEMBERS.map((host, id) => ({ _id: id, host, priority: id === 0 ? 2 : 1 })),
    },
  });
  print("replica set rs0 initiated");
}

// Users are written on the primary, wherever it is now.
const admin = connectWithRetry(
  `mongodb://${credentials}@${MEMBERS.join(",")}/admin?replicaSet=rs0&authSource=admin`,
);
for (const service of SERVICES) {
  const pwd = env[`MONGODB_${service.toUpperCase()}_PASSWORD`];
  if (!pwd) throw new Error(`no password for ${service} in gamontj-mongodb-users`);
  const roles = [{ role: "readWrite", db: `${prefix}_${service}` }];
  if (admin.getUser(service)) {
    admin.updateUser(service, { pwd, roles });
    print(`user ${service} updated`);
  } else {
    admin.createUser({ user: service, pwd, roles });
    print(`user ${service} created`);
  }
}
