// SPDX-License-Identifier: GPL-2.0
/*
 * fakefw EL3: read one file from QEMU's fw_cfg device (virt board, MMIO).
 *
 * Only the traditional interface: write a key to the selector, then read
 * the item byte by byte from the data register. A config string of a few
 * hundred bytes at boot does not need the DMA interface. The device sits
 * in the non-secure address space, which secure EL3 sees too.
 */
#include "el3.h"

#define FW_CFG_DATA		(FW_CFG_BASE + 0x0)	/* next byte of the item */
#define FW_CFG_SEL		(FW_CFG_BASE + 0x8)	/* 16-bit key, big-endian */
#define FW_CFG_SIGNATURE	0x0000			/* "QEMU" */
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_NAME_LEN		56
#define FW_CFG_MAX_FILES	4096	/* bound on a garbled directory count */

static void fwcfg_select(uint16_t key)
{
	/* the register is big-endian and this CPU little-endian: swap */
	*(volatile uint16_t *)FW_CFG_SEL = (uint16_t)((key >> 8) | (key << 8));
}

static uint8_t fwcfg_read8(void)
{
	return *(volatile uint8_t *)FW_CFG_DATA;
}

static uint32_t fwcfg_read_be(unsigned bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = (v << 8) | fwcfg_read8();
	return v;
}

static int fwcfg_present(void)
{
	fwcfg_select(FW_CFG_SIGNATURE);
	return fwcfg_read8() == 'Q' && fwcfg_read8() == 'E' &&
	       fwcfg_read8() == 'M' && fwcfg_read8() == 'U';
}

/* reads the name field of one directory entry; 1 if it is @name */
static int fwcfg_name_is(const char *name)
{
	int match = 1, ended = 0;
	unsigned i;

	/* always consume all 56 bytes: the next entry follows */
	for (i = 0; i < FW_CFG_NAME_LEN; i++) {
		char c = (char)fwcfg_read8();

		if (ended)
			continue;
		if (c != name[i])
			match = 0;
		if (!name[i] || !c)
			ended = 1;
	}
	return match && ended;
}

int fwcfg_read_file(const char *name, char *buf, uint32_t cap, uint32_t *size)
{
	uint32_t count, i, n;

	if (!fwcfg_present())
		return FWCFG_ABSENT;
	fwcfg_select(FW_CFG_FILE_DIR);
	count = fwcfg_read_be(4);
	if (count > FW_CFG_MAX_FILES)
		return FWCFG_ABSENT;
	for (i = 0; i < count; i++) {
		uint32_t fsize = fwcfg_read_be(4);
		uint16_t key = (uint16_t)fwcfg_read_be(2);

		(void)fwcfg_read_be(2);		/* reserved */
		if (!fwcfg_name_is(name))
			continue;
		/* found: the directory need not be read any further */
		fwcfg_select(key);
		n = fsize < cap ? fsize : (cap ? cap - 1 : 0);
		for (i = 0; i < n; i++)
			buf[i] = (char)fwcfg_read8();
		if (cap)
			buf[n] = 0;
		*size = fsize;
		return FWCFG_OK;
	}
	return FWCFG_NO_FILE;
}
