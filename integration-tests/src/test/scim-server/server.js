// An independent SCIM 2.0 service provider for the rostersync-scim interoperability test.
// scimmy does the protocol (parsing, filters, PATCH, list responses, errors); this file only keeps
// users in memory and enforces what a real provider enforces: bearer auth and unique userNames.
//
// Usage: node server.js <port> [bearer-token]   (listens on 127.0.0.1 only; prints "listening <port>")
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";
import {randomUUID} from "node:crypto";

const port = Number.parseInt(process.argv[2] ?? "0", 10);
const token = process.argv[3] ?? "interop-token";
const users = new Map();

function sameUserName(a, b) {
    // RFC 7643 declares userName caseExact=false, so uniqueness ignores case.
    return String(a ?? "").toLowerCase() === String(b ?? "").toLowerCase();
}

SCIMMY.Config.set({patch: true, filter: 200, sort: false, bulk: false, changePassword: false, etag: false});
SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    ingress: (resource, instance) => {
        const now = new Date().toISOString();
        const data = JSON.parse(JSON.stringify(instance));
        delete data.schemas;
        delete data.meta;
        const clash = [...users.values()].find(u => u.id !== resource.id && sameUserName(u.userName, data.userName));
        if (clash) throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${data.userName} is already taken`);
        if (resource.id) {
            const existing = users.get(resource.id);
            if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            const replaced = {...data, id: existing.id, meta: {...existing.meta, lastModified: now}};
            users.set(existing.id, replaced);
            return replaced;
        }
        const created = {...data, id: randomUUID(), meta: {resourceType: "User", created: now, lastModified: now}};
        users.set(created.id, created);
        return created;
    },
    egress: (resource) => {
        if (resource.id) {
            const found = users.get(resource.id);
            if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
            return found;
        }
        const all = [...users.values()];
        return resource.filter ? resource.filter.match(all) : all;
    },
    degress: (resource) => {
        if (!users.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    }
});

const app = express();
app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    handler: (request) => {
        if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Invalid bearer token");
        return "interop-client";
    }
}));

const server = app.listen(port, "127.0.0.1", () => {
    console.log(`listening ${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
