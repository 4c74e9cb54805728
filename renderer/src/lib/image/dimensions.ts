// The header size reader moved to shared/image/ (main checks imported images with it too);
// this re-export keeps existing imports of the renderer path working.
export {
  readDimensions,
  type Dimensions,
  type DimensionsResult,
} from '../../../../shared/image/dimensions.ts';
