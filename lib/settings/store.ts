import "server-only";
// The settings store: installation-wide flags (demo mode) in the Setting table, through the Prisma client.
import { prisma } from "@/lib/store/engine";

export async function readSetting(key: string): Promise<string | null> {
  return (await prisma.setting.findUnique({ where: { key } }))?.value ?? null;
}

export async function writeSetting(key: string, value: string): Promise<void> {
  await prisma.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
