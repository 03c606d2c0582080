/** The session store a Kinde SDK app supplies: here, a plain object per simulated visitor. */
export class MemorySession {
  items: Record<string, unknown> = {};
  async getSessionItem(key: string) {
    return this.items[key] ?? null;
  }
  async setSessionItem(key: string, value: unknown) {
    this.items[key] = value;
  }
  async removeSessionItem(key: string) {
    delete this.items[key];
  }
  async destroySession() {
    this.items = {};
  }
}
