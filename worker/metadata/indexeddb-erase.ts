// Erases the origin's IndexedDB in place, for "Reset all data": every database's object stores
// emptied, the databases themselves kept. Deleting a database waits until every connection to it
// closes, and the engine's own stores keep theirs open; emptying needs no such wait.

import { promisifyRequest } from "idb-keyval";

export async function eraseIndexedDb(factory: IDBFactory): Promise<void> {
  for (const { name } of await factory.databases()) if (name !== undefined) await emptyDatabase(factory, name);
}

async function emptyDatabase(factory: IDBFactory, name: string): Promise<void> {
  const database = await promisifyRequest(factory.open(name));
  try {
    const storeNames = Array.from({ length: database.objectStoreNames.length }, (_, index) => database.objectStoreNames.item(index)!);
    if (storeNames.length === 0) return;
    const transaction = database.transaction(storeNames, "readwrite");
    for (const storeName of storeNames) transaction.objectStore(storeName).clear();
    await promisifyRequest(transaction);
  } finally {
    database.close();
  }
}
